import * as password from "@/lib/validation/password";
import * as out from "../schemas";
import type { Rows } from ".";

// Changing, re-checking and resetting a password. Row format: index.ts.
export const PASSWORDS = {
  "post patch /api/auth/change-password": {
    summary: "Change my password",
    description:
      "Needs the current password. Every other session of the user is revoked; this one is kept. A notice is emailed. PATCH is accepted as a synonym of POST.",
    auth: "user",
    body: password.changePasswordSchema,
    ok: [200, "Changed.", out.messageSchema],
    errors: ["weak_password", "incorrect_password", "rate_limited"],
  },
  "post /api/auth/check-password": {
    summary: "Re-check my password (step-up)",
    description:
      "Confirms the password and opens a 10-minute step-up window on this session, needed to delete an organization, create an API key or change the email. Wrong passwords are rate limited like sign-in.",
    auth: "user",
    body: password.checkPasswordSchema,
    ok: [200, "Valid.", out.validSchema],
    errors: ["incorrect_password", "rate_limited"],
  },
  "post /api/auth/forgot-password": {
    summary: "Email a reset link",
    description:
      "Sends a reset link (valid 1 hour, single use; a new request retires older links) when the address has an account. Same answer, in the same time, either way.",
    body: password.forgotPasswordSchema,
    ok: [202, "Accepted.", out.messageSchema],
    errors: ["rate_limited"],
  },
  "post /api/auth/validate-token": {
    summary: "Check a reset token",
    description: "Lets a reset page refuse a dead link before showing the form.",
    body: password.validateTokenSchema,
    ok: [200, "Usable.", out.validSchema],
    errors: ["account_disabled", "invalid_token", "rate_limited"],
  },
  "post /api/auth/reset-password": {
    summary: "Set a new password with a reset token",
    description: "Spends the token, sets the password, confirms the address if it was not, and revokes every session of the user.",
    body: password.resetPasswordSchema,
    ok: [200, "Reset.", out.messageSchema],
    errors: ["account_disabled", "weak_password", "invalid_token", "rate_limited"],
  },
  "post /api/auth/update-password/{token}": {
    summary: "Set a new password (token in the path)",
    description: "Same as reset-password, for clients that put the token in the path.",
    params: password.updatePasswordParamsSchema,
    body: password.updatePasswordSchema,
    ok: [200, "Reset.", out.messageSchema],
    errors: ["account_disabled", "weak_password", "invalid_token", "rate_limited"],
  },
} as const satisfies Rows;
