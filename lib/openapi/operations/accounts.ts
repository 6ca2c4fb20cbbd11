import * as auth from "@/lib/validation/auth";
import * as profile from "@/lib/validation/profile";
import * as out from "../schemas";
import type { Rows } from ".";

// Sign-up and the confirmation of an address. Row format: index.ts.
export const ACCOUNTS = {
  "post /api/auth/register": {
    summary: "Create an account",
    description:
      "Creates an unconfirmed user and a default organization (`organizationName`, else \"{name}'s Organization\") with the user as owner, and emails a 6-digit code and a link. The 201 body is identical whether or not the address already had an account (its owner gets a notice instead). A sign-up of an address that is still unconfirmed mails a code carrying this sign-up's password, names and organization: whichever code is confirmed decides the account. With `invitationToken` (checked first: 400 `invalid_token` whatever the address), joins the inviting organization instead, confirmed; when an admin disabled the account at that address, 403 `account_disabled` (the link proves the address) and nothing is joined or replaced. When the deployment does not require confirmation (`EMAIL_CONFIRMATION_REQUIRED=false`), answers with a token response. Rate limited per client and per address.",
    body: auth.registerSchema,
    ok: [201, "Check your email (or a token response, when confirmation is off).", out.registeredOrTokensSchema],
    errors: ["account_disabled", "weak_password", "invalid_token", "conflict", "rate_limited"],
  },
  "post /api/auth/confirm-account": {
    summary: "Confirm an email address",
    description:
      "With `email` + `code` (6 digits) or the link's `token`. Confirms a new account (and signs it in: a token response, or 403 `mfa_required` for an account with a second factor), or applies a pending email change (answers `{ verified, email }` and opens no session; the old address is told, with an undo link). A code dies after 5 wrong tries; codes and links expire after 15 minutes and work once; an email change's code dies with the session that asked for it.",
    body: auth.confirmAccountSchema,
    ok: [
      200,
      "Confirmed: a token response for a new account, `{ verified, email }` for an email change.",
      out.tokenResponseSchema.or(out.verifiedSchema),
    ],
    errors: ["account_disabled", "sso_required", "invalid_code", "invalid_token", "mfa_required", "conflict", "rate_limited"],
  },
  "get /api/auth/verify-email/{token}": {
    summary: "Open the confirmation link",
    description:
      "The link in confirmation emails. A browser is redirected (303) to `/login?verified=1` (or `/login?error=<code>`: `account_disabled` when an admin disabled the account); a client sending `Accept: application/json` gets JSON.",
    params: auth.tokenParamsSchema,
    ok: [200, "Confirmed (JSON clients).", out.verifiedSchema],
    alternatives: [{ status: 303, description: "Browsers: to `/login?verified=1`, or `/login?error=<code>` when the link is dead." }],
    errors: ["account_disabled", "sso_required", "invalid_token", "rate_limited"],
  },
  "post /api/auth/request-code": {
    summary: "Send a new confirmation code",
    description:
      "Sends a fresh code and link when the address belongs to an unconfirmed account (not one an admin disabled) or a pending email change. Same answer, in the same time, whether or not it does.",
    body: auth.emailOnlySchema,
    ok: [202, "Accepted.", out.messageSchema],
    errors: ["rate_limited"],
  },
  "get /api/auth/resend-email-verification": {
    summary: "Resend the confirmation email",
    description:
      "Like request-code, for `?email=`, or for the signed-in caller's pending address when a token is sent (an invalid token answers 401).",
    auth: "optional",
    query: auth.emailOnlySchema.partial(),
    ok: [202, "Accepted.", out.messageSchema],
    errors: ["rate_limited"],
  },
  "get /api/auth/exist-email/{email}": {
    summary: "Is this address registered?",
    description:
      "An account-enumeration oracle by nature (kept for clients of older APIs): rate limited per client. Prefer not to call it from public pages.",
    params: profile.existEmailParamsSchema,
    ok: [200, "Whether an account uses the address.", out.existsSchema],
    errors: ["rate_limited"],
  },
} as const satisfies Rows;
