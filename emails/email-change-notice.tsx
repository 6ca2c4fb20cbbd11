import { Text } from "@react-email/components";
import { CallToAction, EmailLayout, styles } from "./layout";

export interface EmailChangeNoticeProps {
  name: string;
  /** The address the account would move to once it is confirmed. */
  newEmail: string;
  resetUrl: string;
}

/**
 * Sent to the current address when a change to another one is requested. Nothing has changed
 * yet; the owner can still stop a takeover by resetting the password (which ends every session).
 */
export default function EmailChangeNotice({ name, newEmail, resetUrl }: EmailChangeNoticeProps) {
  return (
    <EmailLayout preview="A change of your email address was requested">
      <Text style={styles.heading}>Hi {name},</Text>
      <Text style={styles.text}>
        Someone signed in to your account asked to change its email address to {newEmail}. The change happens only once that address is
        confirmed; until then this address stays in place.
      </Text>
      <Text style={styles.text}>
        If this was not you, reset your password now: that signs out every device and cancels the pending change.
      </Text>
      <CallToAction href={resetUrl} label="Reset password" />
    </EmailLayout>
  );
}

EmailChangeNotice.PreviewProps = {
  name: "Ada",
  newEmail: "ada@new.example",
  resetUrl: "http://localhost:3000/forgot-password",
} satisfies EmailChangeNoticeProps;
