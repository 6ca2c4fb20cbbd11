import type * as z from "zod";
import type { ErrorCode } from "@/lib/http/errors";
import * as auth from "@/lib/validation/auth";
import * as orgs from "@/lib/validation/organizations";
import * as password from "@/lib/validation/password";
import * as mfa from "@/lib/validation/mfa";
import * as passkeys from "@/lib/validation/passkeys";
import * as profile from "@/lib/validation/profile";
import * as out from "./schemas";

// Every endpoint of the API, one row each in TABLE below; `operations()` expands the rows into
// what document.ts renders. The request schemas are the ones the route handlers validate with.
// tests/integration/openapi.test.ts fails when a route file implements a method that is not
// listed here (or the reverse), and tests/support/api.ts checks every response the integration
// tests receive against the document built from this table.
//
// What every row would otherwise repeat is derived once, in `expand`:
// - `auth` gives the security schemes and the 401s; a body gives 400/413/415/422; path or query
//   parameters give 422; every operation may answer 503 when the database is unreachable.
// - `/api/organizations/{orgId}/…` rows get their path and `?org=` parameters from the path's
//   placeholders, the note on `current`, and the organization errors (401/403/404).

export type Security = "bearer" | "apiKey" | "cookie";
type Method = "get" | "post" | "put" | "patch" | "delete";
type Tag = "Accounts" | "Tokens" | "Sessions" | "Profile" | "Passwords" | "Organizations" | "Members" | "Invitations" | "API keys" | "Audit log" | "Service" | "Second factors" | "Passkeys";

/** An error the operation may answer: its code, with the status when it differs from the usual one. */
export type DescribedError = ErrorCode | readonly [ErrorCode, number];

/** One operation, as document.ts renders it. */
export interface Operation {
  method: Method;
  path: string;
  tag: Tag;
  summary: string;
  description: string;
  /** Credentials the operation requires (one of them); empty: public. */
  security: Security[];
  /** Credentials a public operation uses when they are sent. */
  optionalSecurity?: Security[];
  body?: z.ZodType;
  query?: z.ZodObject;
  params?: z.ZodObject;
  success: { status: number; description: string; schema?: z.ZodType };
  /** Other answers that are not errors (a redirect for browsers). */
  alternatives?: { status: number; description: string }[];
  errors: DescribedError[];
}

/** One row of the table: only what is particular to the operation. */
interface Row {
  summary: string;
  description: string;
  /**
   * user: a person (Bearer or the browser session); any: also an organization's API key;
   * optional: public, but a person's credentials are used (and checked) when sent. Omitted: public.
   */
  auth?: "user" | "any" | "optional";
  body?: z.ZodType;
  query?: z.ZodObject;
  params?: z.ZodObject;
  /** [status, description, body schema]; no schema: no body. */
  ok: readonly [number, string, z.ZodType?];
  alternatives?: Operation["alternatives"];
  errors?: DescribedError[];
  /** Reads no database, so never answers 503. */
  offline?: true;
}

/** `"post /api/auth/login"`, or `"patch put /api/auth/profile"` for one operation served under two methods. */
type Key = `${Method} ${string}`;

const SECURITY = { user: ["bearer", "cookie"], any: ["bearer", "apiKey", "cookie"], optional: ["bearer", "cookie"] } satisfies Record<NonNullable<Row["auth"]>, Security[]>;
const ORG_PATH = "/api/organizations/{orgId}";
// mfa_*: the organization requires two factors (403 to a member without one, or a session at aal1).
const ORG_ERRORS: ErrorCode[] = ["forbidden", "not_a_member", "not_found", "mfa_required", "mfa_enrollment_required"];
const CURRENT_NOTE =
  " `{orgId}` is an organization id, or `current`: then the `X-Organization-Id` header, else `?org=<slug>`, else the token's active organization (an API key's own organization). Naming an organization never widens access.";
/** Path parameters of the organization routes, by the placeholders after `{orgId}`. */
const ORG_PARAMS: Record<string, z.ZodObject> = {
  "": orgs.orgParamsSchema,
  userId: orgs.orgMemberParamsSchema,
  id: orgs.orgItemParamsSchema,
};

const TABLE: Record<Tag, Record<Key, Row>> = {
  Accounts: {
    "post /api/auth/register": {
      summary: "Create an account",
      description:
        "Creates an unconfirmed user and a default organization (`organizationName`, else \"{name}'s Organization\") with the user as owner, and emails a 6-digit code and a link. The 201 body is identical whether or not the address already had an account (its owner gets a notice instead). A sign-up of an address that is still unconfirmed mails a code carrying this sign-up's password, names and organization: whichever code is confirmed decides the account. With `invitationToken` (checked first: 400 `invalid_token` whatever the address), joins the inviting organization instead, confirmed. When the deployment does not require confirmation (`EMAIL_CONFIRMATION_REQUIRED=false`), answers with a token response. Rate limited per client and per address.",
      body: auth.registerSchema,
      ok: [201, "Check your email (or a token response, when confirmation is off).", out.registeredOrTokensSchema],
      errors: ["weak_password", "invalid_token", "conflict", "rate_limited"],
    },
    "post /api/auth/confirm-account": {
      summary: "Confirm an email address",
      description:
        "With `email` + `code` (6 digits) or the link's `token`. Confirms a new account (and signs it in: a token response, or 403 `mfa_required` for an account with a second factor), or applies a pending email change (answers `{ verified, email }` and opens no session; the old address is told, with an undo link). A code dies after 5 wrong tries; codes and links expire after 15 minutes and work once; an email change's code dies with the session that asked for it.",
      body: auth.confirmAccountSchema,
      ok: [200, "Confirmed: a token response for a new account, `{ verified, email }` for an email change.", out.tokenResponseSchema.or(out.verifiedSchema)],
      errors: ["invalid_code", "invalid_token", "mfa_required", "conflict", "rate_limited"],
    },
    "get /api/auth/verify-email/{token}": {
      summary: "Open the confirmation link",
      description:
        "The link in confirmation emails. A browser is redirected (303) to `/login?verified=1` (or `/login?error=<code>`); a client sending `Accept: application/json` gets JSON.",
      params: auth.tokenParamsSchema,
      ok: [200, "Confirmed (JSON clients).", out.verifiedSchema],
      alternatives: [{ status: 303, description: "Browsers: to `/login?verified=1`, or `/login?error=<code>` when the link is dead." }],
      errors: ["invalid_token", "rate_limited"],
    },
    "post /api/auth/request-code": {
      summary: "Send a new confirmation code",
      description:
        "Sends a fresh code and link when the address belongs to an unconfirmed account or a pending email change. Same answer, in the same time, whether or not it does.",
      body: auth.emailOnlySchema,
      ok: [202, "Accepted.", out.messageSchema],
      errors: ["rate_limited"],
    },
    "get /api/auth/resend-email-verification": {
      summary: "Resend the confirmation email",
      description: "Like request-code, for `?email=`, or for the signed-in caller's pending address when a token is sent (an invalid token answers 401).",
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
  },
  Tokens: {
    "post /api/auth/login": {
      summary: "Sign in",
      description:
        "Opens a server-side session and answers with an access token (JWT, 1 h) and a refresh token (7 days, single use). `organizationId` picks the active organization; one that requires two-factor authentication answers an account without a factor 403 `mfa_enrollment_required`, as switch-org does. Unknown address and wrong password answer alike, in similar time; 5 wrong passwords lock the address for up to 5 minutes (429).",
      body: auth.loginSchema,
      ok: [200, "Signed in.", out.tokenResponseSchema],
      errors: ["invalid_credentials", "email_not_verified", "mfa_required", "mfa_enrollment_required", "not_a_member", "rate_limited"],
    },
    "post /api/auth/refresh": {
      summary: "Rotate the refresh token",
      description:
        "Spends the refresh token and answers with a new pair on the same session. A spent token presented again within 10 seconds (two tabs) gets a working sibling pair, the same sibling each time; later, it is treated as theft and the whole session is revoked. A token issued before the session was raised (mfa/verify with Bearer) or switched organization answers 401 without ending the session. A session whose organization requires two-factor authentication it has not used answers 403 `mfa_required` (or `mfa_enrollment_required` without a factor), as switch-org does, and the token stays unspent.",
      body: auth.refreshSchema,
      ok: [200, "A new token pair.", out.tokenResponseSchema],
      errors: [["invalid_token", 401], "mfa_required", "mfa_enrollment_required"], // a refresh token is a credential: 401, not the 400 of link tokens
    },
    "post /api/auth/logout": {
      summary: "Sign out",
      description: "Revokes this session (or, with `allSessions`, every session of the user). Its access and refresh tokens stop working at once.",
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
      errors: ["not_a_member", "mfa_required", "mfa_enrollment_required"],
    },
  },
  Sessions: {
    "get /api/auth/sessions": {
      summary: "List my active sessions",
      description: "Every active session of the user, the calling one marked `current`.",
      auth: "user",
      ok: [200, "Sessions.", out.listOf(out.sessionSchema)],
    },
    "delete /api/auth/sessions/{sid}": {
      summary: "Revoke a session",
      description: "Ends one of the caller's sessions (another device, or this one). Another user's session id answers 404.",
      auth: "user",
      params: auth.sessionParamsSchema,
      ok: [204, "Revoked."],
      errors: ["not_found"],
    },
  },
  Profile: {
    "get /api/auth/profile": {
      summary: "My profile",
      description: "The signed-in user, with organizations and roles. `GET /api/auth/user` is an alias.",
      auth: "user",
      ok: [200, "Profile.", out.profileSchema],
    },
    "get /api/auth/user": {
      summary: "My profile (alias)",
      description: "Alias of `GET /api/auth/profile`.",
      auth: "user",
      ok: [200, "Profile.", out.profileSchema],
    },
    "patch put /api/auth/profile": {
      summary: "Update my profile",
      description:
        "Changes names at once. A new `email` is applied only after the new address confirms it (a code and link go there, a notice to the old address) and needs a recent password re-check (step-up). An address already in use answers 409. PUT is accepted as a synonym of PATCH.",
      auth: "user",
      body: profile.updateProfileSchema,
      ok: [200, "Profile (email unchanged until confirmed).", out.profileSchema],
      errors: ["reauthentication_required", "incorrect_password", "conflict", "rate_limited"],
    },
    "post /api/auth/undo-email-change": {
      summary: "Undo an email change",
      description:
        "With the token from the notice sent to the old address when an email change completes (single use, 7 days). Puts the old address back, signs out every session and cancels every pending change, code and reset link.",
      body: auth.undoEmailChangeSchema,
      ok: [200, "Restored.", out.restoredEmailSchema],
      errors: ["invalid_token", "conflict", "rate_limited"],
    },
  },
  Passwords: {
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
      errors: ["invalid_token", "rate_limited"],
    },
    "post /api/auth/reset-password": {
      summary: "Set a new password with a reset token",
      description: "Spends the token, sets the password, confirms the address if it was not, and revokes every session of the user.",
      body: password.resetPasswordSchema,
      ok: [200, "Reset.", out.messageSchema],
      errors: ["weak_password", "invalid_token", "rate_limited"],
    },
    "post /api/auth/update-password/{token}": {
      summary: "Set a new password (token in the path)",
      description: "Same as reset-password, for clients that put the token in the path.",
      params: password.updatePasswordParamsSchema,
      body: password.updatePasswordSchema,
      ok: [200, "Reset.", out.messageSchema],
      errors: ["weak_password", "invalid_token", "rate_limited"],
    },
  },
  Organizations: {
    "get /api/organizations": {
      summary: "My organizations",
      description: "The signed-in person's organizations with their role. (An API key reads its own at `/api/organizations/current`.)",
      auth: "user",
      ok: [200, "Organizations.", out.listOf(out.myOrganizationSchema)],
    },
    "post /api/organizations": {
      summary: "Create an organization",
      description: "The caller becomes its owner. Limited to 10 a day per person (429).",
      auth: "user",
      body: orgs.createOrganizationSchema,
      ok: [201, "Created.", out.organizationSchema],
      errors: ["conflict", "rate_limited"],
    },
    "get /api/organizations/{orgId}": {
      summary: "Read an organization",
      description: "Members and API keys with `organization:read`.",
      auth: "any",
      ok: [200, "Organization.", out.organizationSchema],
    },
    "patch /api/organizations/{orgId}": {
      summary: "Rename an organization, change its slug or its two-factor policy",
      description:
        "Admins and owners (`organization:update`). A slug already taken answers 409. `requireMfa` is the owner's alone, needs the step-up window, and needs the owner to have a second factor first (409 otherwise); while it is on, members without a factor and sessions at `aal1` are refused (403 `mfa_enrollment_required` / `mfa_required`), API keys are not.",
      auth: "any",
      body: orgs.updateOrganizationSchema,
      ok: [200, "Updated.", out.organizationSchema],
      errors: ["conflict", "reauthentication_required"],
    },
    "delete /api/organizations/{orgId}": {
      summary: "Delete an organization",
      description: "Owners only, with a recent password re-check (step-up). Removes its memberships, invitations, API keys and audit log.",
      auth: "any",
      ok: [204, "Deleted."],
      errors: ["reauthentication_required"],
    },
  },
  Members: {
    "get /api/organizations/{orgId}/members": {
      summary: "List members",
      description: "Every member with their role (`members:read`).",
      auth: "any",
      ok: [200, "Members.", out.listOf(out.memberSchema)],
    },
    "patch /api/organizations/{orgId}/members/{userId}": {
      summary: "Change a member's role",
      description:
        "Admins and owners (`members:update`); granting or removing the owner role is an owner's act. The last owner cannot be demoted (409).",
      auth: "any",
      body: orgs.changeRoleSchema,
      ok: [200, "The member.", out.memberSchema],
      errors: ["conflict"],
    },
    "delete /api/organizations/{orgId}/members/{userId}": {
      summary: "Remove a member (or leave)",
      description: "Admins and owners remove members (only an owner removes an owner); anyone may remove themselves. The last owner cannot leave (409).",
      auth: "any",
      ok: [204, "Removed."],
      errors: ["conflict"],
    },
  },
  Invitations: {
    "post /api/organizations/{orgId}/invitations": {
      summary: "Invite someone",
      description:
        "Emails a link (valid 7 days, single use, revocable) to join with a role. Inviting a member answers 409; inviting an address with a pending invitation replaces it.",
      auth: "any",
      body: orgs.createInvitationSchema,
      ok: [201, "Invited.", out.invitationSchema],
      errors: ["conflict", "rate_limited"],
    },
    "get /api/organizations/{orgId}/invitations": {
      summary: "List invitations",
      description: "Admins and owners (`invitations:read`). Never the token.",
      auth: "any",
      ok: [200, "Invitations.", out.listOf(out.invitationSchema)],
    },
    "delete /api/organizations/{orgId}/invitations/{id}": {
      summary: "Revoke an invitation",
      description: "The link stops working at once.",
      auth: "any",
      ok: [204, "Revoked."],
      errors: ["conflict"],
    },
    "post /api/invitations/{token}/accept": {
      summary: "Accept an invitation",
      description:
        "The signed-in user's email must match the invitation's (case-insensitively). Used, expired or revoked invitations answer 400 invalid_token.",
      auth: "user",
      params: orgs.invitationTokenParamsSchema,
      ok: [200, "The new membership.", out.membershipSchema],
      errors: ["invalid_token", "forbidden", "conflict"],
    },
  },
  "API keys": {
    "get /api/organizations/{orgId}/api-keys": {
      summary: "List API keys",
      description: "Prefix, name, permissions, created, last used, expiry; never the secret.",
      auth: "any",
      ok: [200, "Keys.", out.listOf(out.apiKeySchema)],
    },
    "post /api/organizations/{orgId}/api-keys": {
      summary: "Create an API key",
      description:
        "Admins and owners, with a recent password re-check. `permissions` defaults to all of the creator's and may never exceed them (403); each is `{ resource, action }` or the string `\"resource:action\"`. An API key cannot create keys (403). The secret is in `key`, shown once.",
      auth: "user",
      body: orgs.createApiKeySchema,
      ok: [201, "Created.", out.createdApiKeySchema],
      errors: ["reauthentication_required", "rate_limited"],
    },
    "delete /api/organizations/{orgId}/api-keys/{id}": {
      summary: "Delete an API key",
      description: "The key stops working at once.",
      auth: "any",
      ok: [204, "Deleted."],
    },
  },
  "Audit log": {
    "get /api/organizations/{orgId}/audit-log": {
      summary: "Read the audit log",
      description: "Security events of the organization, newest first, `?limit=` (1–100, default 50) and `?cursor=` from the previous page's `nextCursor`.",
      auth: "any",
      query: orgs.auditLogQuerySchema,
      ok: [200, "A page of entries.", out.pageOf(out.auditEntrySchema)],
    },
  },
  Service: {
    "get /api/health": {
      summary: "Health (readiness)",
      description: "200 when the database answers, else 503.",
      ok: [200, "Healthy.", out.healthSchema],
    },
    "get /api/health/live": {
      summary: "Liveness",
      description: "200 while the process answers; reads no database (use /api/health for readiness).",
      ok: [200, "Alive.", out.healthSchema],
      offline: true,
    },
    "get /api/openapi.json": {
      summary: "This document",
      description: "OpenAPI 3.1, generated from the zod schemas that validate requests.",
      ok: [200, "The OpenAPI document.", out.openApiDocumentSchema],
      offline: true,
    },
  },
  "Second factors": {
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
        "A current code from the app turns it on. When it is the account's first factor, the answer holds 10 recovery codes, shown once, and this session becomes `aal2`. With `signOutOtherSessions: true` every other session of the account ends (sessions opened with the password alone could otherwise change the password or email). Wrong codes count per account.",
      auth: "user",
      body: mfa.totpEnableSchema,
      ok: [200, "Enabled.", out.totpEnabledSchema],
      errors: ["invalid_code", "conflict", "rate_limited"],
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
      errors: ["invalid_code", "invalid_token", "unauthorized", "rate_limited"],
    },
    "post /api/auth/mfa/step-up": {
      summary: "Step up with a code",
      description:
        "A code from the authenticator app opens the step-up window on this session, as check-password does, and raises the session to `aal2` (amr gains `otp` and `mfa`), as a passkey step-up does: its next refresh carries it.",
      auth: "user",
      body: mfa.totpCodeBodySchema,
      ok: [200, "Valid.", out.validSchema],
      errors: ["invalid_code", "rate_limited"],
    },
  },
  Passkeys: {
    "post /api/auth/passkeys/register/options": {
      summary: "Start adding a passkey",
      description:
        "Needs the step-up window. WebAuthn creation options (JSON form) for `navigator.credentials.create()`: a discoverable credential with user verification, attestation `none`, the account's passkeys excluded. The challenge is stored as a hash, works once and expires after 5 minutes.",
      auth: "user",
      ok: [200, "Creation options.", out.passkeyCreationOptionsSchema],
      errors: ["mfa_required", "forbidden", "reauthentication_required"],
    },
    "post /api/auth/passkeys/register/verify": {
      summary: "Finish adding a passkey",
      description:
        "The credential from `navigator.credentials.create()` (JSON form, e.g. from `startRegistration`). Checked against the challenge this account was given, the origin `APP_URL`, the RP id and user verification; the challenge is spent whatever the outcome. A refused response answers 400 `invalid_token`; a credential already registered (to any account) 409 `conflict`. `name` defaults to the browser and system it was added from. When it is the account's first factor, the answer holds 10 recovery codes, shown once. With `signOutOtherSessions: true` every other session of the account ends.",
      auth: "user",
      body: passkeys.passkeyRegisterSchema,
      ok: [201, "Added.", out.passkeyAddedSchema],
      errors: ["mfa_required", "forbidden", "invalid_token", "conflict"],
    },
    "get /api/auth/passkeys": {
      summary: "My passkeys",
      description: "The account's passkeys, oldest first, with their last use.",
      auth: "user",
      ok: [200, "The passkeys.", out.listOf(out.passkeySchema)],
    },
    "patch /api/auth/passkeys/{id}": {
      summary: "Rename a passkey",
      description: "Another account's passkey answers 404.",
      auth: "user",
      params: passkeys.passkeyParamsSchema,
      body: passkeys.passkeyRenameSchema,
      ok: [200, "Renamed.", out.passkeySchema],
      errors: ["not_found"],
    },
    "delete /api/auth/passkeys/{id}": {
      summary: "Remove a passkey",
      description:
        "Needs the step-up window. Every other session whose `amr` names the passkey's method (`hwk` or `swk`) ends, and so does every sign-in waiting for its second step; this session, when it used that method, and any session left with no factor behind its `aal2`, falls to `aal1`. With `signOutOtherSessions: true` (optional JSON body) every other session ends. With no factor left, the recovery codes go too. Another account's passkey answers 404.",
      auth: "user",
      params: passkeys.passkeyParamsSchema,
      body: mfa.factorRemovalSchema,
      ok: [204, "Removed."],
      errors: ["mfa_required", "forbidden", "reauthentication_required", "not_found"],
    },
    "post /api/auth/passkeys/authenticate/options": {
      summary: "Start signing in with a passkey",
      description:
        "WebAuthn request options (JSON form) for `navigator.credentials.get()`, user verification required. Without `mfaToken` any discoverable passkey may answer: asked with no credential, the challenge serves a usernameless sign-in; asked with Bearer (or the browser session), it is bound to that session and serves only its step-up (verify with the same session). With the `mfaToken` of a 403 `mfa_required` the options list that account's passkeys and the challenge only finishes that sign-in (409 `conflict` when the account has no passkey). Each call stores a challenge (5 minutes, single use): limited per client.",
      auth: "optional",
      body: passkeys.passkeyOptionsSchema,
      ok: [200, "Request options.", out.passkeyRequestOptionsSchema],
      errors: ["invalid_token", "conflict", "rate_limited"],
    },
    "post /api/auth/passkeys/authenticate/verify": {
      summary: "Sign in (or step up) with a passkey",
      description:
        "The assertion from `navigator.credentials.get()` (JSON form, e.g. from `startAuthentication`). Alone: a full sign-in at `aal2` (amr `hwk` for a device-bound passkey, `swk` for a synced one, plus `mfa`). With `mfaToken`: the second step of that sign-in (like a code, it takes one of the token's 5 tries; amr adds the passkey's method and `mfa`). With Bearer (or the browser session): the step-up window opens, as check-password does, the session is raised to `aal2` (its next refresh carries it), and the answer is `{ valid: true }`. A used, expired or mismatched challenge answers 400 `invalid_token`; an assertion that does not verify (unknown or another account's passkey, another origin or RP id, no user verification, a bad signature, a signature counter that did not move forward) 401 `invalid_credentials`. Failures count per client, and per account where the account is known (429).",
      auth: "optional",
      body: passkeys.passkeyAuthenticateSchema,
      ok: [200, "Signed in (a token response), or `{ valid: true }` for a step-up.", out.tokenResponseSchema.or(out.validSchema)],
      errors: ["invalid_token", "invalid_credentials", "email_not_verified", "rate_limited"],
    },
  },
};

function organizationParams(path: string) {
  const placeholder = /\{(\w+)\}$/.exec(path.slice(ORG_PATH.length))?.[1] ?? "";
  const schema = ORG_PARAMS[placeholder];
  if (!schema) throw new Error(`${path}: give the row its params (no shared schema for {${placeholder}})`);
  return schema;
}

function expand(tag: Tag, key: Key, row: Row): Operation[] {
  const words = key.split(" ");
  const path = words.pop()!;
  const inOrganization = path.startsWith(ORG_PATH);
  const params = row.params ?? (inOrganization ? organizationParams(path) : undefined);
  const query = row.query ?? (inOrganization ? orgs.orgQuerySchema : undefined);
  const errors: DescribedError[] = [
    ...(row.auth ? (["unauthorized", "token_expired"] as const) : []),
    ...(row.body ? (["invalid_json", "payload_too_large", "unsupported_media_type"] as const) : []),
    ...(row.body || params || query ? (["validation_failed"] as const) : []),
    ...(inOrganization ? ORG_ERRORS : []),
    ...(row.errors ?? []),
    "method_not_allowed",
    ...(row.offline ? [] : (["service_unavailable"] as const)), // the database cannot be reached
  ];
  return words.map((method) => ({
    method: method as Method,
    path,
    tag,
    summary: row.summary,
    description: row.description + (inOrganization ? CURRENT_NOTE : ""),
    security: row.auth && row.auth !== "optional" ? SECURITY[row.auth] : [],
    ...(row.auth === "optional" ? { optionalSecurity: SECURITY.optional } : {}),
    ...(row.body ? { body: row.body } : {}),
    ...(params ? { params } : {}),
    ...(query ? { query } : {}),
    success: { status: row.ok[0], description: row.ok[1], ...(row.ok[2] ? { schema: row.ok[2] } : {}) },
    ...(row.alternatives ? { alternatives: row.alternatives } : {}),
    errors,
  }));
}

export const OPERATIONS: Operation[] = Object.entries(TABLE).flatMap(([tag, rows]) =>
  Object.entries(rows).flatMap(([key, row]) => expand(tag as Tag, key as Key, row)),
);
