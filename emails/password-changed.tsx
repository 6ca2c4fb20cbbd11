import { SecurityNotice } from "./security-notice";

export interface PasswordChangedProps {
  name: string;
  /** How it changed: from the account settings, or through a reset link. */
  via: "change" | "reset";
  /** Where to start over if it was not the owner: the forgot-password page. */
  resetUrl: string;
}

/** Sent after every password change or reset, so an owner learns of a takeover at once. */
export default function PasswordChanged({ name, via, resetUrl }: PasswordChangedProps) {
  const how = via === "reset" ? "was reset with a link sent to this address" : "was changed";
  const sessions = via === "reset" ? "Every device was signed out." : "Every other device was signed out.";
  return (
    <SecurityNotice
      preview="Your password was changed"
      name={name}
      ifNotYou="If this was not you, reset your password now and review your account."
      action={{ href: resetUrl, label: "Reset password" }}
    >
      The password of your account {how}. {sessions}
    </SecurityNotice>
  );
}

PasswordChanged.PreviewProps = {
  name: "Ada",
  via: "change",
  resetUrl: "http://localhost:3000/forgot-password",
} satisfies PasswordChangedProps;
