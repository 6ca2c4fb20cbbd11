import { SecurityNotice } from "./security-notice";

export interface EmailChangedProps {
  name: string;
  /** The address the account uses from now on. */
  newEmail: string;
  /** Opens a page that puts this address back (a button there, never the link itself). */
  undoUrl: string;
}

/**
 * Sent to the old address once an email change is complete. The new address now receives
 * every reset link, so this is the owner's last chance to take the account back.
 */
export default function EmailChanged({ name, newEmail, undoUrl }: EmailChangedProps) {
  return (
    <SecurityNotice
      preview="Your email address was changed"
      name={name}
      ifNotYou="If this was not you, undo the change: it puts this address back and signs out every device. The link works once, for 7 days."
      action={{ href: undoUrl, label: "Undo the change" }}
    >
      The email address of your account was changed to {newEmail}. This address no longer signs in or receives reset links.
    </SecurityNotice>
  );
}

EmailChanged.PreviewProps = {
  name: "Ada",
  newEmail: "ada@new.example",
  undoUrl: "http://localhost:3000/undo-email-change/example",
} satisfies EmailChangedProps;
