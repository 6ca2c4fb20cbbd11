import { SecurityNotice } from "./security-notice";

export type SecondFactorChange =
  | "totp_added"
  | "totp_removed"
  | "passkey_added"
  | "passkey_removed"
  | "recovery_code_used"
  | "recovery_codes_regenerated"
  | "reset_by_admin";

export interface SecondFactorNoticeProps {
  name: string;
  change: SecondFactorChange;
  /** Where to review the account's security: the profile page. */
  profileUrl: string;
}

const WHAT: Record<SecondFactorChange, string> = {
  totp_added: "An authenticator app was added to your account as a second factor.",
  totp_removed: "The authenticator app was removed from your account.",
  passkey_added: "A passkey was added to your account.",
  passkey_removed: "A passkey was removed from your account.",
  recovery_code_used: "One of your recovery codes was used to sign in.",
  recovery_codes_regenerated: "New recovery codes were generated; the old ones no longer work.",
  reset_by_admin:
    "An administrator of this service removed your second factors (authenticator app, passkeys and recovery codes) and signed you out everywhere. Sign in with your password and set up a new second factor.",
};

/** Sent for every second factor added or removed and every recovery code used. */
export default function SecondFactorNotice({ name, change, profileUrl }: SecondFactorNoticeProps) {
  return (
    <SecurityNotice
      preview="A change to your sign-in security"
      name={name}
      ifNotYou="If this was not you, reset your password and review your sign-in methods and sessions now."
      action={{ href: profileUrl, label: "Review security" }}
    >
      {WHAT[change]}
    </SecurityNotice>
  );
}

SecondFactorNotice.PreviewProps = {
  name: "Ada",
  change: "totp_added",
  profileUrl: "http://localhost:3000/profile",
} satisfies SecondFactorNoticeProps;
