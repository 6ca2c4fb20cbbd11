import { Text } from "@react-email/components";
import { CallToAction, EmailLayout, Greeting, styles } from "./layout";

export interface ConfirmEmailProps {
  name: string;
  code: string;
  link: string;
  /** true when confirming a new address for an existing account. */
  emailChange?: boolean;
  /** For a sign-up: what confirming applies, so someone who did not sign up can tell. */
  signUp?: { name: string; organization: string };
}

export default function ConfirmEmail({ name, code, link, emailChange, signUp }: ConfirmEmailProps) {
  const what = emailChange ? "confirm your new email address" : "confirm your email address";
  return (
    // The preview shows in notifications, on locked screens too: it must not carry the code.
    <EmailLayout preview={`Open this email for the code to ${what}.`}>
      <Greeting name={name} />
      <Text style={styles.text}>Enter this code to {what}. It expires in 15 minutes.</Text>
      <Text style={styles.code}>{code}</Text>
      <Text style={styles.text}>Or open this link:</Text>
      <CallToAction href={link} label="Confirm email" />
      {signUp ? (
        <Text style={styles.muted}>
          This confirms the sign-up as {signUp.name}, organization {signUp.organization}, with the password given then. If you did not sign
          up with these details, ignore this email, or sign up yourself: nothing happens without this code.
        </Text>
      ) : null}
    </EmailLayout>
  );
}

ConfirmEmail.PreviewProps = {
  name: "Ada",
  code: "123456",
  link: "http://localhost:3000/confirm?token=example",
} satisfies ConfirmEmailProps;
