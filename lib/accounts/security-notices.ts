import "server-only";
import { createElement } from "react";
import EmailChangeNotice from "@/emails/email-change-notice";
import PasswordChanged from "@/emails/password-changed";
import SecondFactorNotice, { type SecondFactorChange } from "@/emails/second-factor-notice";
import { config } from "@/lib/config/env";
import { log } from "@/lib/log";
import { sendEmail } from "@/lib/mail/send";

// Notices tell the owner about a change that has already been committed. A failed notice is
// logged, not thrown: answering 503 for a password that did change would make the client retry
// an operation that then fails with incorrect_password.

const forgotPasswordUrl = () => `${config().appUrl}/forgot-password`;

export async function sendNotice(kind: string, send: () => Promise<void>) {
  try {
    await send();
  } catch (error) {
    log.error("security notice not sent", { kind, error });
  }
}

export function sendPasswordChangedNotice(to: string, name: string, via: "change" | "reset") {
  return sendNotice("password_changed", () =>
    sendEmail({
      to,
      subject: via === "reset" ? "Your password was reset" : "Your password was changed",
      react: createElement(PasswordChanged, { name, via, resetUrl: forgotPasswordUrl() }),
    }),
  );
}

export function sendEmailChangeNotice(to: string, name: string, newEmail: string) {
  return sendNotice("email_change", () =>
    sendEmail({
      to,
      subject: "A change of your email address was requested",
      react: createElement(EmailChangeNotice, { name, newEmail, resetUrl: forgotPasswordUrl() }),
    }),
  );
}

const SECOND_FACTOR_SUBJECTS: Record<SecondFactorChange, string> = {
  totp_added: "An authenticator app was added to your account",
  totp_removed: "An authenticator app was removed from your account",
  passkey_added: "A passkey was added to your account",
  passkey_removed: "A passkey was removed from your account",
  recovery_code_used: "A recovery code was used to sign in",
  recovery_codes_regenerated: "New recovery codes were generated",
  reset_by_admin: "Your second factors were reset by an administrator",
};

export function sendSecondFactorNotice(to: string, name: string, change: SecondFactorChange) {
  return sendNotice(change, () =>
    sendEmail({
      to,
      subject: SECOND_FACTOR_SUBJECTS[change],
      react: createElement(SecondFactorNotice, { name, change, profileUrl: `${config().appUrl}/profile` }),
    }),
  );
}
