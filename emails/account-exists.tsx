import { Button, Text } from "@react-email/components";
import { EmailLayout, Greeting, styles } from "./layout";

export interface AccountExistsProps {
  name: string;
  loginUrl: string;
  resetUrl: string;
}

/** Sent instead of a second account when someone signs up with a registered address. */
export default function AccountExists({ name, loginUrl, resetUrl }: AccountExistsProps) {
  return (
    <EmailLayout preview="Someone tried to sign up with your email address">
      <Greeting name={name} />
      <Text style={styles.text}>
        Someone tried to create an account with this email address, which already has one. If it was you, sign in instead; if you forgot
        your password, reset it.
      </Text>
      <Button href={loginUrl} style={styles.button}>
        Sign in
      </Button>
      <Text style={styles.muted}>Forgot your password? {resetUrl}</Text>
    </EmailLayout>
  );
}

AccountExists.PreviewProps = {
  name: "Ada",
  loginUrl: "http://localhost:3000/login",
  resetUrl: "http://localhost:3000/forgot-password",
} satisfies AccountExistsProps;
