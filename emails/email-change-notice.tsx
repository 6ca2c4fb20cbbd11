import { SecurityNotice } from "./security-notice";

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
    <SecurityNotice
      preview="A change of your email address was requested"
      name={name}
      ifNotYou="If this was not you, reset your password now: that signs out every device and cancels the pending change."
      action={{ href: resetUrl, label: "Reset password" }}
    >
      Someone signed in to your account asked to change its email address to {newEmail}. The change happens only once that address is
      confirmed; until then this address stays in place.
    </SecurityNotice>
  );
}

EmailChangeNotice.PreviewProps = {
  name: "Ada",
  newEmail: "ada@new.example",
  resetUrl: "http://localhost:3000/forgot-password",
} satisfies EmailChangeNoticeProps;
