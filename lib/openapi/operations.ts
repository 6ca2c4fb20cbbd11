import type * as z from "zod";
import type { ErrorCode } from "@/lib/http/errors";
import * as auth from "@/lib/validation/auth";
import * as orgs from "@/lib/validation/organizations";
import * as password from "@/lib/validation/password";
import * as profile from "@/lib/validation/profile";
import { MFA_OPERATIONS } from "./mfa-operations";
import * as out from "./schemas";

// Every endpoint of the API, described once: the request schemas are the ones the route handlers
// validate with. tests/integration/openapi.test.ts fails when a route file implements a method
// that is not listed here, or when an entry here has no route.

export type Security = "bearer" | "apiKey" | "cookie";
const USER: Security[] = ["bearer", "cookie"];
const ANY: Security[] = ["bearer", "apiKey", "cookie"];

export interface Operation {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  tag: "Accounts" | "Tokens" | "Sessions" | "Profile" | "Passwords" | "Organizations" | "Members" | "Invitations" | "API keys" | "Audit log" | "Service" | "Second factors";
  summary: string;
  description: string;
  security: Security[];
  body?: z.ZodType;
  query?: z.ZodObject;
  params?: z.ZodObject;
  success: { status: number; description: string; schema?: z.ZodType };
  errors: ErrorCode[];
}

const orgPath = { params: orgs.orgParamsSchema, query: orgs.orgQuerySchema };
const ORG_ERRORS: ErrorCode[] = ["unauthorized", "forbidden", "not_a_member", "not_found"];
const CURRENT_NOTE =
  " `{orgId}` is an organization id, or `current`: then the `X-Organization-Id` header, else `?org=<slug>`, else the token's active organization (an API key's own organization). Naming an organization never widens access.";

export const OPERATIONS: Operation[] = [
  // ─── Accounts ───────────────────────────────────────────────────────────────
  {
    method: "post", path: "/api/auth/register", tag: "Accounts", summary: "Create an account",
    description: "Creates an unconfirmed user and a default organization (`organizationName`, else \"{name}'s Organization\") with the user as owner, and emails a 6-digit code and a link. The 201 body is identical whether or not the address already had an account (its owner gets a notice instead). A sign-up of an address that is still unconfirmed mails a code carrying this sign-up's password, names and organization: whichever code is confirmed decides the account. With `invitationToken` (checked first: 400 `invalid_token` whatever the address), joins the inviting organization instead, confirmed. Rate limited per client and per address.",
    security: [], body: auth.registerSchema,
    success: { status: 201, description: "Check your email (or a token response, with an invitation or when confirmation is off).", schema: out.registeredSchema },
    errors: ["validation_failed", "weak_password", "invalid_token", "conflict", "rate_limited"],
  },
  {
    method: "post", path: "/api/auth/confirm-account", tag: "Accounts", summary: "Confirm an email address",
    description: "With `email` + `code` (6 digits) or the link's `token`. Confirms a new account (and signs it in: a token response), or applies a pending email change (answers `{ verified, email }` and opens no session; the old address is told, with an undo link). A code dies after 5 wrong tries; codes and links expire after 15 minutes and work once; an email change's code dies with the session that asked for it.",
    security: [], body: auth.confirmAccountSchema,
    success: { status: 200, description: "Confirmed: a token response for a new account, `{ verified, email }` for an email change.", schema: out.tokenResponseSchema.or(out.verifiedSchema) },
    errors: ["validation_failed", "invalid_code", "invalid_token", "conflict", "rate_limited"],
  },
  {
    method: "get", path: "/api/auth/verify-email/{token}", tag: "Accounts", summary: "Open the confirmation link",
    description: "The link in confirmation emails. A browser is redirected (303) to `/login?verified=1` (or `/login?error=<code>`); a client sending `Accept: application/json` gets JSON.",
    security: [], params: auth.tokenParamsSchema,
    success: { status: 200, description: "Confirmed (JSON clients).", schema: out.verifiedSchema },
    errors: ["invalid_token", "rate_limited"],
  },
  {
    method: "post", path: "/api/auth/request-code", tag: "Accounts", summary: "Send a new confirmation code",
    description: "Sends a fresh code and link when the address belongs to an unconfirmed account or a pending email change. Same answer, in the same time, whether or not it does.",
    security: [], body: auth.emailOnlySchema,
    success: { status: 202, description: "Accepted.", schema: out.messageSchema },
    errors: ["validation_failed", "rate_limited"],
  },
  {
    method: "get", path: "/api/auth/resend-email-verification", tag: "Accounts", summary: "Resend the confirmation email",
    description: "Like request-code, for `?email=`, or for the signed-in caller's pending address when a token is sent.",
    security: [], query: auth.emailOnlySchema.partial(),
    success: { status: 202, description: "Accepted.", schema: out.messageSchema },
    errors: ["validation_failed", "rate_limited"],
  },
  {
    method: "get", path: "/api/auth/exist-email/{email}", tag: "Accounts", summary: "Is this address registered?",
    description: "An account-enumeration oracle by nature (kept for clients of older APIs): rate limited per client. Prefer not to call it from public pages.",
    security: [], params: profile.existEmailParamsSchema,
    success: { status: 200, description: "Whether an account uses the address.", schema: out.existsSchema },
    errors: ["validation_failed", "rate_limited"],
  },
  // ─── Tokens ─────────────────────────────────────────────────────────────────
  {
    method: "post", path: "/api/auth/login", tag: "Tokens", summary: "Sign in",
    description: "Opens a server-side session and answers with an access token (JWT, 1 h) and a refresh token (7 days, single use). `organizationId` picks the active organization. Unknown address and wrong password answer alike, in similar time; 5 wrong passwords lock the address for up to 5 minutes (429).",
    security: [], body: auth.loginSchema,
    success: { status: 200, description: "Signed in.", schema: out.tokenResponseSchema },
    errors: ["validation_failed", "invalid_credentials", "email_not_verified", "not_a_member", "rate_limited", "service_unavailable"],
  },
  {
    method: "post", path: "/api/auth/refresh", tag: "Tokens", summary: "Rotate the refresh token",
    description: "Spends the refresh token and answers with a new pair on the same session. A spent token presented again within 10 seconds (two tabs) gets a working sibling pair; later, it is treated as theft and the whole session is revoked.",
    security: [], body: auth.refreshSchema,
    success: { status: 200, description: "A new token pair.", schema: out.tokenResponseSchema },
    errors: ["validation_failed", "invalid_token"],
  },
  {
    method: "post", path: "/api/auth/logout", tag: "Tokens", summary: "Sign out",
    description: "Revokes this session (or, with `allSessions`, every session of the user). Its access and refresh tokens stop working at once.",
    security: USER, body: auth.logoutSchema,
    success: { status: 204, description: "Signed out." },
    errors: ["unauthorized", "token_expired"],
  },
  {
    method: "post", path: "/api/auth/switch-org", tag: "Tokens", summary: "Switch the active organization",
    description: "Re-issues the token pair scoped to the organization, with the caller's role and permissions there, on the same session (`sid`). The previous access token keeps working until it expires.",
    security: USER, body: orgs.switchOrganizationSchema,
    success: { status: 200, description: "Tokens for the organization.", schema: out.tokenResponseSchema },
    errors: ["unauthorized", "validation_failed", "not_a_member"],
  },
  // ─── Sessions ───────────────────────────────────────────────────────────────
  {
    method: "get", path: "/api/auth/sessions", tag: "Sessions", summary: "List my active sessions",
    description: "Every active session of the user, the calling one marked `current`.",
    security: USER,
    success: { status: 200, description: "Sessions.", schema: out.listOf(out.sessionSchema) },
    errors: ["unauthorized"],
  },
  {
    method: "delete", path: "/api/auth/sessions/{sid}", tag: "Sessions", summary: "Revoke a session",
    description: "Ends one of the caller's sessions (another device, or this one). Another user's session id answers 404.",
    security: USER, params: auth.sessionParamsSchema,
    success: { status: 204, description: "Revoked." },
    errors: ["unauthorized", "not_found"],
  },
  // ─── Profile ────────────────────────────────────────────────────────────────
  {
    method: "get", path: "/api/auth/profile", tag: "Profile", summary: "My profile",
    description: "The signed-in user, with organizations and roles. `GET /api/auth/user` is an alias.",
    security: USER,
    success: { status: 200, description: "Profile.", schema: out.profileSchema },
    errors: ["unauthorized", "token_expired"],
  },
  {
    method: "get", path: "/api/auth/user", tag: "Profile", summary: "My profile (alias)",
    description: "Alias of `GET /api/auth/profile`.",
    security: USER,
    success: { status: 200, description: "Profile.", schema: out.profileSchema },
    errors: ["unauthorized", "token_expired"],
  },
  ...(["patch", "put"] as const).map(
    (method): Operation => ({
      method, path: "/api/auth/profile", tag: "Profile", summary: method === "patch" ? "Update my profile" : "Update my profile (PUT accepted)",
      description: "Changes names at once. A new `email` is applied only after the new address confirms it (a code and link go there, a notice to the old address) and needs a recent password re-check (step-up). An address already in use answers 409.",
      security: USER, body: profile.updateProfileSchema,
      success: { status: 200, description: "Profile (email unchanged until confirmed).", schema: out.profileSchema },
      errors: ["unauthorized", "validation_failed", "reauthentication_required", "conflict", "rate_limited"],
    }),
  ),
  // ─── Passwords ──────────────────────────────────────────────────────────────
  ...(["post", "patch"] as const).map(
    (method): Operation => ({
      method, path: "/api/auth/change-password", tag: "Passwords", summary: method === "post" ? "Change my password" : "Change my password (PATCH accepted)",
      description: "Needs the current password. Every other session of the user is revoked; this one is kept. A notice is emailed.",
      security: USER, body: password.changePasswordSchema,
      success: { status: 200, description: "Changed.", schema: out.messageSchema },
      errors: ["unauthorized", "validation_failed", "weak_password", "incorrect_password", "rate_limited"],
    }),
  ),
  {
    method: "post", path: "/api/auth/check-password", tag: "Passwords", summary: "Re-check my password (step-up)",
    description: "Confirms the password and opens a 10-minute step-up window on this session, needed to delete an organization, create an API key or change the email. Wrong passwords are rate limited like sign-in.",
    security: USER, body: password.checkPasswordSchema,
    success: { status: 200, description: "Valid.", schema: out.validSchema },
    errors: ["unauthorized", "validation_failed", "incorrect_password", "rate_limited"],
  },
  {
    method: "post", path: "/api/auth/forgot-password", tag: "Passwords", summary: "Email a reset link",
    description: "Sends a reset link (valid 1 hour, single use; a new request retires older links) when the address has an account. Same answer, in the same time, either way.",
    security: [], body: password.forgotPasswordSchema,
    success: { status: 202, description: "Accepted.", schema: out.messageSchema },
    errors: ["validation_failed", "rate_limited"],
  },
  {
    method: "post", path: "/api/auth/undo-email-change", tag: "Profile", summary: "Undo an email change",
    description: "With the token from the notice sent to the old address when an email change completes (single use, 7 days). Puts the old address back, signs out every session and cancels every pending change, code and reset link.",
    security: [], body: auth.undoEmailChangeSchema,
    success: { status: 200, description: "Restored.", schema: out.restoredEmailSchema },
    errors: ["validation_failed", "invalid_token", "conflict", "rate_limited"],
  },
  {
    method: "post", path: "/api/auth/validate-token", tag: "Passwords", summary: "Check a reset token",
    description: "Lets a reset page refuse a dead link before showing the form.",
    security: [], body: password.validateTokenSchema,
    success: { status: 200, description: "Usable.", schema: out.validSchema },
    errors: ["validation_failed", "invalid_token", "rate_limited"],
  },
  {
    method: "post", path: "/api/auth/reset-password", tag: "Passwords", summary: "Set a new password with a reset token",
    description: "Spends the token, sets the password, confirms the address if it was not, and revokes every session of the user.",
    security: [], body: password.resetPasswordSchema,
    success: { status: 200, description: "Reset.", schema: out.messageSchema },
    errors: ["validation_failed", "weak_password", "invalid_token", "rate_limited"],
  },
  {
    method: "post", path: "/api/auth/update-password/{token}", tag: "Passwords", summary: "Set a new password (token in the path)",
    description: "Same as reset-password, for clients that put the token in the path.",
    security: [], params: password.updatePasswordParamsSchema, body: password.updatePasswordSchema,
    success: { status: 200, description: "Reset.", schema: out.messageSchema },
    errors: ["validation_failed", "weak_password", "invalid_token", "rate_limited"],
  },
  // ─── Organizations ──────────────────────────────────────────────────────────
  {
    method: "get", path: "/api/organizations", tag: "Organizations", summary: "My organizations",
    description: "The signed-in person's organizations with their role. (An API key reads its own at `/api/organizations/current`.)",
    security: USER,
    success: { status: 200, description: "Organizations.", schema: out.listOf(out.myOrganizationSchema) },
    errors: ["unauthorized"],
  },
  {
    method: "post", path: "/api/organizations", tag: "Organizations", summary: "Create an organization",
    description: "The caller becomes its owner.",
    security: USER, body: orgs.createOrganizationSchema,
    success: { status: 201, description: "Created.", schema: out.organizationSchema },
    errors: ["unauthorized", "validation_failed", "conflict"],
  },
  {
    method: "get", path: "/api/organizations/{orgId}", tag: "Organizations", summary: "Read an organization",
    description: "Members and API keys with `organization:read`." + CURRENT_NOTE,
    security: ANY, ...orgPath,
    success: { status: 200, description: "Organization.", schema: out.organizationSchema },
    errors: ORG_ERRORS,
  },
  {
    method: "patch", path: "/api/organizations/{orgId}", tag: "Organizations", summary: "Rename an organization or change its slug",
    description: "Admins and owners (`organization:update`). A slug already taken answers 409." + CURRENT_NOTE,
    security: ANY, ...orgPath, body: orgs.updateOrganizationSchema,
    success: { status: 200, description: "Updated.", schema: out.organizationSchema },
    errors: [...ORG_ERRORS, "validation_failed", "conflict"],
  },
  {
    method: "delete", path: "/api/organizations/{orgId}", tag: "Organizations", summary: "Delete an organization",
    description: "Owners only, with a recent password re-check (step-up). Removes its memberships, invitations, API keys and audit log." + CURRENT_NOTE,
    security: ANY, ...orgPath,
    success: { status: 204, description: "Deleted." },
    errors: [...ORG_ERRORS, "reauthentication_required"],
  },
  // ─── Members ────────────────────────────────────────────────────────────────
  {
    method: "get", path: "/api/organizations/{orgId}/members", tag: "Members", summary: "List members",
    description: "Every member with their role (`members:read`)." + CURRENT_NOTE,
    security: ANY, ...orgPath,
    success: { status: 200, description: "Members.", schema: out.listOf(out.memberSchema) },
    errors: ORG_ERRORS,
  },
  {
    method: "patch", path: "/api/organizations/{orgId}/members/{userId}", tag: "Members", summary: "Change a member's role",
    description: "Admins and owners (`members:update`); granting or removing the owner role is an owner's act. The last owner cannot be demoted (409)." + CURRENT_NOTE,
    security: ANY, params: orgs.orgMemberParamsSchema, query: orgs.orgQuerySchema, body: orgs.changeRoleSchema,
    success: { status: 200, description: "The member.", schema: out.memberSchema },
    errors: [...ORG_ERRORS, "validation_failed", "conflict"],
  },
  {
    method: "delete", path: "/api/organizations/{orgId}/members/{userId}", tag: "Members", summary: "Remove a member (or leave)",
    description: "Admins and owners remove members (only an owner removes an owner); anyone may remove themselves. The last owner cannot leave (409)." + CURRENT_NOTE,
    security: ANY, params: orgs.orgMemberParamsSchema, query: orgs.orgQuerySchema,
    success: { status: 204, description: "Removed." },
    errors: [...ORG_ERRORS, "conflict"],
  },
  // ─── Invitations ────────────────────────────────────────────────────────────
  {
    method: "post", path: "/api/organizations/{orgId}/invitations", tag: "Invitations", summary: "Invite someone",
    description: "Emails a link (valid 7 days, single use, revocable) to join with a role. Inviting a member answers 409; inviting an address with a pending invitation replaces it." + CURRENT_NOTE,
    security: ANY, ...orgPath, body: orgs.createInvitationSchema,
    success: { status: 201, description: "Invited.", schema: out.invitationSchema },
    errors: [...ORG_ERRORS, "validation_failed", "conflict", "rate_limited"],
  },
  {
    method: "get", path: "/api/organizations/{orgId}/invitations", tag: "Invitations", summary: "List invitations",
    description: "Admins and owners (`invitations:read`). Never the token." + CURRENT_NOTE,
    security: ANY, ...orgPath,
    success: { status: 200, description: "Invitations.", schema: out.listOf(out.invitationSchema) },
    errors: ORG_ERRORS,
  },
  {
    method: "delete", path: "/api/organizations/{orgId}/invitations/{id}", tag: "Invitations", summary: "Revoke an invitation",
    description: "The link stops working at once." + CURRENT_NOTE,
    security: ANY, params: orgs.orgItemParamsSchema, query: orgs.orgQuerySchema,
    success: { status: 204, description: "Revoked." },
    errors: ORG_ERRORS,
  },
  {
    method: "post", path: "/api/invitations/{token}/accept", tag: "Invitations", summary: "Accept an invitation",
    description: "The signed-in user's email must match the invitation's (case-insensitively). Used, expired or revoked invitations answer 400 invalid_token.",
    security: USER, params: orgs.invitationTokenParamsSchema,
    success: { status: 200, description: "The new membership.", schema: out.membershipSchema },
    errors: ["unauthorized", "invalid_token", "forbidden", "conflict"],
  },
  // ─── API keys ───────────────────────────────────────────────────────────────
  {
    method: "get", path: "/api/organizations/{orgId}/api-keys", tag: "API keys", summary: "List API keys",
    description: "Prefix, name, permissions, created, last used, expiry; never the secret." + CURRENT_NOTE,
    security: ANY, ...orgPath,
    success: { status: 200, description: "Keys.", schema: out.listOf(out.apiKeySchema) },
    errors: ORG_ERRORS,
  },
  {
    method: "post", path: "/api/organizations/{orgId}/api-keys", tag: "API keys", summary: "Create an API key",
    description: "Admins and owners, with a recent password re-check. `permissions` defaults to all of the creator's and may never exceed them (403). An API key cannot create keys (403). The secret is in `key`, shown once." + CURRENT_NOTE,
    security: USER, ...orgPath, body: orgs.createApiKeySchema,
    success: { status: 201, description: "Created.", schema: out.createdApiKeySchema },
    errors: [...ORG_ERRORS, "validation_failed", "reauthentication_required", "rate_limited"],
  },
  {
    method: "delete", path: "/api/organizations/{orgId}/api-keys/{id}", tag: "API keys", summary: "Delete an API key",
    description: "The key stops working at once." + CURRENT_NOTE,
    security: ANY, params: orgs.orgItemParamsSchema, query: orgs.orgQuerySchema,
    success: { status: 204, description: "Deleted." },
    errors: ORG_ERRORS,
  },
  // ─── Audit log ──────────────────────────────────────────────────────────────
  {
    method: "get", path: "/api/organizations/{orgId}/audit-log", tag: "Audit log", summary: "Read the audit log",
    description: "Security events of the organization, newest first, `?limit=` (1–100, default 50) and `?cursor=` from the previous page's `nextCursor`." + CURRENT_NOTE,
    security: ANY, params: orgs.orgParamsSchema, query: orgs.auditLogQuerySchema,
    success: { status: 200, description: "A page of entries.", schema: out.pageOf(out.auditEntrySchema) },
    errors: [...ORG_ERRORS, "validation_failed"],
  },
  // ─── Service ────────────────────────────────────────────────────────────────
  {
    method: "get", path: "/api/health", tag: "Service", summary: "Health",
    description: "200 when the database answers, else 503.",
    security: [],
    success: { status: 200, description: "Healthy.", schema: out.healthSchema },
    errors: ["service_unavailable"],
  },
  {
    method: "get", path: "/api/health/live", tag: "Service", summary: "Liveness",
    description: "200 while the process answers; reads no database (use /api/health for readiness).",
    security: [],
    success: { status: 200, description: "Alive.", schema: out.healthSchema },
    errors: [],
  },
  {
    method: "get", path: "/api/openapi.json", tag: "Service", summary: "This document",
    description: "OpenAPI 3.1, generated from the zod schemas that validate requests.",
    security: [],
    success: { status: 200, description: "The OpenAPI document." },
    errors: [],
  },
  ...MFA_OPERATIONS,
];
