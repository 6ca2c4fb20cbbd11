import * as mfa from "@/lib/validation/mfa";
import * as out from "../schemas";
import type { Rows } from ".";

// Authenticator apps, recovery codes, and the second step of a sign-in. Row format: index.ts.
export const SECOND_FACTORS = {
  "get /api/auth/mfa": {
    summary: "My second factors",
    description: "Whether multi-factor sign-in is on, which factors the account holds and how many unused recovery codes are left.",
    auth: "user",
    ok: [200, "The account's factors.", out.mfaStatusSchema],
  },
  "post /api/auth/mfa/totp/setup": {
    summary: "Set up an authenticator app",
    description:
      "Needs the step-up window. Returns a new secret and its `otpauth://` URL (for a QR code), shown this once. The app stays pending, and does nothing, until a code confirms it.",
    auth: "user",
    ok: [200, "A pending app.", out.totpSetupSchema],
    errors: ["mfa_required", "forbidden", "reauthentication_required", "conflict"],
  },
  "post /api/auth/mfa/totp/enable": {
    summary: "Confirm the authenticator app",
    description:
      "A current code from the app turns it on. When it is the account's first factor, the answer holds 10 recovery codes, shown once, and this session becomes `aal2`. With `signOutOtherSessions: true` every other session of the account ends (sessions opened with the password alone could otherwise change the password or email). When the account has another factor by then, this session must be `aal2` (403 `mfa_required`). Wrong codes count per account.",
    auth: "user",
    body: mfa.totpEnableSchema,
    ok: [200, "Enabled.", out.totpEnabledSchema],
    errors: ["invalid_code", "conflict", "mfa_required", "rate_limited", "forbidden"],
  },
  "delete /api/auth/mfa/totp": {
    summary: "Remove the authenticator app",
    description:
      "Needs the step-up window. Every other session whose `amr` names `otp` ends, and so does every sign-in waiting for its second step; this session, and any session left with no factor behind its `aal2`, falls to `aal1`. With `signOutOtherSessions: true` (optional JSON body) every other session ends. With no factor left, the recovery codes go too and the password alone signs in again.",
    auth: "user",
    body: mfa.factorRemovalSchema,
    ok: [204, "Removed."],
    errors: ["mfa_required", "forbidden", "reauthentication_required"],
  },
  "post /api/auth/mfa/recovery-codes": {
    summary: "New recovery codes",
    description: "Needs the step-up window. Issues 10 new codes; the old ones stop working.",
    auth: "user",
    ok: [200, "The new codes, shown once.", out.recoveryCodesSchema],
    errors: ["mfa_required", "forbidden", "reauthentication_required", "conflict"],
  },
  "post /api/auth/mfa/verify": {
    summary: "Second step of a sign-in",
    description:
      "With the `mfaToken` of a 403 `mfa_required`, and a `code` (authenticator app) or a `recoveryCode`: opens the session at `aal2`. With a Bearer token instead: raises that session (same `sid`) to `aal2`. A wrong code answers 400 `invalid_code`; after 5 the mfaToken is dead (400 `invalid_token`); wrong codes also count per account (429).",
    auth: "optional",
    body: mfa.mfaVerifySchema,
    ok: [200, "Signed in at aal2.", out.tokenResponseSchema],
    errors: ["account_disabled", "invalid_code", "invalid_token", "unauthorized", "conflict", "rate_limited", "forbidden"],
  },
  "post /api/auth/mfa/step-up": {
    summary: "Step up with a code",
    description:
      "A code from the authenticator app opens the step-up window on this session, as check-password does, and raises the session to `aal2` (amr gains `otp` and `mfa`), as a passkey step-up does. When the session was `aal1`, its earlier refresh tokens are superseded and the answer carries the new token pair beside `valid`. A factor removed while the code was being checked answers 409 `conflict`.",
    auth: "user",
    body: mfa.totpCodeBodySchema,
    ok: [200, "Valid; with a new token pair when the session was raised from aal1.", out.stepUpSchema],
    errors: ["invalid_code", "conflict", "rate_limited", "forbidden"],
  },
} as const satisfies Rows;
