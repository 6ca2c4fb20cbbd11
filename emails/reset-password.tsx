import { Text } from "@react-email/components";
import { CallToAction, EmailLayout, Greeting, styles } from "./layout";

export interface ResetPasswordProps {
  name: string;
  /** `${APP_URL}/reset-password/<token>`. */
  link: string;
}

/** The forgot-password link. It is the only way in, so it says how long it lasts and that it works once. */
export default function ResetPassword({ name, link }: ResetPasswordProps) {
  return (
    <EmailLayout preview="Reset your password">
      <Greeting name={name} />
      <Text style={styles.text}>
        We received a request to reset the password of your account. Open this link to choose a new one. It works once and expires in 1
        hour.
      </Text>
      <CallToAction href={link} label="Reset password" />
      <Text style={styles.muted}>If you did not ask for this, ignore this email: your password stays as it is.</Text>
    </EmailLayout>
  );
}

ResetPassword.PreviewProps = {
  name: "Ada",
  link: "http://localhost:3000/reset-password/example-token-0123456789",
} satisfies ResetPasswordProps;
