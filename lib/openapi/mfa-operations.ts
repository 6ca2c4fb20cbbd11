import type { ErrorCode } from "@/lib/http/errors";
import * as mfa from "@/lib/validation/mfa";
import type { Operation, Security } from "./operations";
import * as out from "./schemas";

// The second-factor endpoints (../shared/API.md, "Second factors and passkeys").

const USER: Security[] = ["bearer", "cookie"];
const STEP_UP: ErrorCode[] = ["unauthorized", "reauthentication_required"];

export const MFA_OPERATIONS: Operation[] = [
  {
    method: "get", path: "/api/auth/mfa", tag: "Second factors", summary: "My second factors",
    description: "Whether multi-factor sign-in is on, which factors the account holds and how many unused recovery codes are left.",
    security: USER,
    success: { status: 200, description: "The account's factors.", schema: out.mfaStatusSchema },
    errors: ["unauthorized"],
  },
  {
    method: "post", path: "/api/auth/mfa/totp/setup", tag: "Second factors", summary: "Set up an authenticator app",
    description: "Needs the step-up window. Returns a new secret and its `otpauth://` URL (for a QR code), shown this once. The app stays pending, and does nothing, until a code confirms it.",
    security: USER,
    success: { status: 200, description: "A pending app.", schema: out.totpSetupSchema },
    errors: [...STEP_UP, "conflict"],
  },
  {
    method: "post", path: "/api/auth/mfa/totp/enable", tag: "Second factors", summary: "Confirm the authenticator app",
    description: "A current code from the app turns it on. When it is the account's first factor, the answer holds 10 recovery codes, shown once. Wrong codes count per account.",
    security: USER, body: mfa.totpCodeBodySchema,
    success: { status: 200, description: "Enabled.", schema: out.totpEnabledSchema },
    errors: ["unauthorized", "validation_failed", "invalid_code", "conflict", "rate_limited"],
  },
  {
    method: "delete", path: "/api/auth/mfa/totp", tag: "Second factors", summary: "Remove the authenticator app",
    description: "Needs the step-up window. With no factor left, the recovery codes go too and the password alone signs in again.",
    security: USER,
    success: { status: 204, description: "Removed." },
    errors: STEP_UP,
  },
  {
    method: "post", path: "/api/auth/mfa/recovery-codes", tag: "Second factors", summary: "New recovery codes",
    description: "Needs the step-up window. Issues 10 new codes; the old ones stop working.",
    security: USER,
    success: { status: 200, description: "The new codes, shown once.", schema: out.recoveryCodesSchema },
    errors: [...STEP_UP, "conflict"],
  },
  {
    method: "post", path: "/api/auth/mfa/verify", tag: "Second factors", summary: "Second step of a sign-in",
    description: "With the `mfaToken` of a 403 `mfa_required`, and a `code` (authenticator app) or a `recoveryCode`: opens the session at `aal2`. With a Bearer token instead: raises that session (same `sid`) to `aal2`. A wrong code answers 400 `invalid_code`; after 5 the mfaToken is dead (400 `invalid_token`); wrong codes also count per account (429).",
    security: [], body: mfa.mfaVerifySchema,
    success: { status: 200, description: "Signed in at aal2.", schema: out.tokenResponseSchema },
    errors: ["validation_failed", "invalid_code", "invalid_token", "unauthorized", "rate_limited"],
  },
  {
    method: "post", path: "/api/auth/mfa/step-up", tag: "Second factors", summary: "Step up with a code",
    description: "A code from the authenticator app opens the step-up window on this session, as check-password does.",
    security: USER, body: mfa.totpCodeBodySchema,
    success: { status: 200, description: "Valid.", schema: out.validSchema },
    errors: ["unauthorized", "validation_failed", "invalid_code", "rate_limited"],
  },
];
