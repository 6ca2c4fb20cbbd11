import * as auth from "@/lib/validation/auth";
import * as orgs from "@/lib/validation/organizations";
import * as out from "../schemas";
import type { Rows } from ".";

// Signing in and out, refreshing, and switching the token's organization. Row format: index.ts.
export const TOKENS = {
  "post /api/auth/login": {
    summary: "Sign in",
    description:
      "Opens a server-side session and answers with an access token (JWT, 1 h) and a refresh token (7 days, single use). `organizationId` picks the active organization; one that requires two-factor authentication answers an account without a factor 403 `mfa_enrollment_required`, as switch-org does. Unknown address and wrong password answer alike, in similar time; 5 wrong passwords lock the address for up to 5 minutes (429).",
    body: auth.loginSchema,
    ok: [200, "Signed in.", out.tokenResponseSchema],
    errors: [
      "account_disabled",
      "sso_required",
      "invalid_credentials",
      "email_not_verified",
      "mfa_required",
      "mfa_enrollment_required",
      "not_a_member",
      "rate_limited",
    ],
  },
  "post /api/auth/refresh": {
    summary: "Rotate the refresh token",
    description:
      "Spends the refresh token and answers with a new pair on the same session. A spent token presented again within 10 seconds (two tabs) gets a working sibling pair, the same sibling each time; later, it is treated as theft and the whole session is revoked. A token issued before the session was raised (mfa/verify with Bearer) or switched organization answers 401 without ending the session. A session whose organization requires two-factor authentication it has not used answers 403 `mfa_required` (or `mfa_enrollment_required` without a factor), as switch-org does, and the token stays unspent.",
    body: auth.refreshSchema,
    ok: [200, "A new token pair.", out.tokenResponseSchema],
    errors: ["account_disabled", ["invalid_token", 401], "mfa_required", "mfa_enrollment_required"], // a refresh token is a credential: 401, not the 400 of link tokens
  },
  "post /api/auth/logout": {
    summary: "Sign out",
    description:
      "Revokes this session (or, with `allSessions`, every session of the user). Its access and refresh tokens stop working at once.",
    auth: "user",
    body: auth.logoutSchema,
    ok: [204, "Signed out."],
  },
  "post /api/auth/switch-org": {
    summary: "Switch the active organization",
    description:
      "Re-issues the token pair scoped to the organization, with the caller's role and permissions there, on the same session (`sid`). The previous access token keeps working until it expires.",
    auth: "user",
    body: orgs.switchOrganizationSchema,
    ok: [200, "Tokens for the organization.", out.tokenResponseSchema],
    errors: ["not_a_member", "mfa_required", "mfa_enrollment_required", "forbidden"], // forbidden: an impersonation session (no refresh token to re-issue)
  },
} as const satisfies Rows;
