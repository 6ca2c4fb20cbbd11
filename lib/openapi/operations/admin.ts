import * as admin from "@/lib/validation/admin";
import * as out from "../schemas";
import type { Rows } from ".";

// Instance administration. Row format: index.ts. Every row: a person's Bearer token or browser
// session (never an API key); anyone but an instance admin gets 404; an admin without a second
// factor 403 mfa_enrollment_required, one whose session did not use it 403 mfa_required.
export const WHO = "Instance admins, with a session at aal2; 404 to anyone else.";
// forbidden: ADMIN_EMAILS lists the address, not yet proved by this account (the /admin page asks for the emailed code).
export const ADMIN_ERRORS = ["not_found", "mfa_required", "mfa_enrollment_required", "forbidden"] as const;

export const ADMIN = {
  "get /api/admin/users": {
    summary: "Find users",
    description: `${WHO} Newest first; \`?query=\` matches the address or the name; \`?limit=\` (1–100, default 50) and \`?cursor=\`.`,
    auth: "user",
    query: admin.adminUsersQuerySchema,
    ok: [200, "A page of users.", out.pageOf(out.adminUserSummarySchema)],
    errors: ADMIN_ERRORS,
  },
  "get /api/admin/users/{userId}": {
    summary: "Read a user",
    description: `${WHO} The account, its live sessions, organizations, second factors (kinds and names only) and linked providers.`,
    auth: "user",
    params: admin.adminUserParamsSchema,
    ok: [200, "The user.", out.adminUserSchema],
    errors: ADMIN_ERRORS,
  },
  "post /api/admin/users/{userId}/disable": {
    summary: "Disable a user",
    description: `${WHO} Every session ends at once; every way of signing in answers 403 \`account_disabled\`; API keys the user created stop working. Not your own account (409).`,
    auth: "user",
    params: admin.adminUserParamsSchema,
    body: admin.adminReasonSchema,
    ok: [200, "The user, disabled.", out.adminUserSchema],
    errors: [...ADMIN_ERRORS, "conflict"],
  },
  "post /api/admin/users/{userId}/enable": {
    summary: "Enable a user",
    description: `${WHO} Signing in works again; the sessions that ended stay ended.`,
    auth: "user",
    params: admin.adminUserParamsSchema,
    ok: [200, "The user.", out.adminUserSchema],
    errors: ADMIN_ERRORS,
  },
  "post /api/admin/users/{userId}/sessions/revoke": {
    summary: "Sign a user out everywhere",
    description: `${WHO} Every session and pending sign-in of the user ends.`,
    auth: "user",
    params: admin.adminUserParamsSchema,
    ok: [204, "Signed out."],
    errors: [...ADMIN_ERRORS, "conflict"],
  },
  "post /api/admin/users/{userId}/mfa/reset": {
    summary: "Reset a user's second factors",
    description: `${WHO} The recovery path for a lost device: every factor and recovery code is removed, every session ends, and the user is emailed.`,
    auth: "user",
    params: admin.adminUserParamsSchema,
    ok: [204, "Reset."],
    errors: [...ADMIN_ERRORS, "conflict"],
  },
  "post /api/admin/users/{userId}/impersonate": {
    summary: "Sign in as a user",
    description: `${WHO} A token response for a new session of the user whose access token carries \`act: { sub: <admin id> }\` (RFC 8693). The session lasts at most 30 minutes and has no refresh token; it cannot change the user's password, email, second factors, passkeys or providers (403 \`forbidden\`), and every event it causes names the admin as \`metadata.impersonatorId\`. Instance admins cannot be impersonated (403); a disabled account or your own answers 409.`,
    auth: "user",
    params: admin.adminUserParamsSchema,
    body: admin.adminReasonSchema,
    ok: [200, "The impersonation session's tokens (sent with Cache-Control: no-store).", out.impersonationTokenResponseSchema],
    errors: [...ADMIN_ERRORS, "conflict"],
  },
  "delete /api/admin/users/{userId}": {
    summary: "Delete a user",
    description: `${WHO} In one transaction: the user leaves every organization (their invitations revoked, their API keys and webhook endpoints withdrawn), an organization they were alone in is deleted, and the account goes with its sessions, factors, passkeys and linked providers. Audit entries stay (the actor id of a deleted account). 409 while the user is the last owner of an organization with other members, or for your own account.`,
    auth: "user",
    params: admin.adminUserParamsSchema,
    ok: [204, "Deleted."],
    errors: [...ADMIN_ERRORS, "conflict"],
  },
  "get /api/admin/audit-log": {
    summary: "Read the instance log",
    description: `${WHO} Instance-level events (those of no organization, admin actions among them), newest first; \`?type=\`, \`?actorId=\`, \`?cursor=\`, \`?limit=\`.`,
    auth: "user",
    query: admin.adminAuditQuerySchema,
    ok: [200, "A page of entries.", out.pageOf(out.auditEntrySchema)],
    errors: ADMIN_ERRORS,
  },
  "get /api/admin/signing-keys": {
    summary: "List the signing keys",
    description: `${WHO} Every published key (the ones in \`/.well-known/jwks.json\`) with its algorithm, state and dates; never a private part.`,
    auth: "user",
    ok: [200, "The keys, by algorithm, oldest first.", out.listOf(out.signingKeySchema)],
    errors: ADMIN_ERRORS,
  },
  "post /api/admin/signing-keys/rotate": {
    summary: "Rotate the signing keys",
    description: `${WHO} A new key for every algorithm, published at once and signing after \`JWKS_PUBLISH_DELAY_SECONDS\`; the keys it replaces keep verifying until what they signed has expired, so nobody is signed out. Recorded as \`keys.rotated\` in the instance log.`,
    auth: "user",
    ok: [200, "The new keys.", out.listOf(out.rotatedKeySchema)],
    errors: ADMIN_ERRORS,
  },
} as const satisfies Rows;
