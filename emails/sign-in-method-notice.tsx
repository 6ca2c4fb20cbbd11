import { SecurityNotice } from "./security-notice";

export interface SignInMethodNoticeProps {
  name: string;
  /** "GitHub", "Google". */
  provider: string;
  change: "connected" | "removed";
  /** What the provider says about the account that was connected (its address or login), when known. */
  providerAccount?: string;
  /** The profile page, where connected accounts are listed and can be removed. */
  profileUrl: string;
}

/**
 * Sent whenever a sign-in provider is connected to or removed from an account: a connected
 * provider is a way in, so the owner must hear about one they did not add.
 */
export default function SignInMethodNotice({ name, provider, change, providerAccount, profileUrl }: SignInMethodNoticeProps) {
  const what = change === "connected" ? `${provider} was connected to your account` : `${provider} was removed from your account`;
  return (
    <SecurityNotice
      preview={what}
      name={name}
      ifNotYou="If this was not you, open your profile, remove what you do not recognise under Connected accounts, and change your password."
      action={{ href: profileUrl, label: "Review connected accounts" }}
    >
      {what}
      {providerAccount ? ` (${provider} account: ${providerAccount})` : ""}.{" "}
      {change === "connected"
        ? `From now on, "Continue with ${provider}" with that account signs in to your account.`
        : `"Continue with ${provider}" no longer signs in to your account.`}
    </SecurityNotice>
  );
}

SignInMethodNotice.PreviewProps = {
  name: "Ada",
  provider: "GitHub",
  change: "connected",
  providerAccount: "ada@example.com",
  profileUrl: "http://localhost:3000/profile",
} satisfies SignInMethodNoticeProps;
