// THE list of event types: the audit log stores them, the OpenAPI document names them (the
// AuditEntry schema's `type`), and webhooks deliver them. Client-safe: no server imports.

export const EVENT_TYPES = [
  "login.succeeded",
  "login.failed",
  "logout",
  "token.reuse_detected",
  "password.changed",
  "password.reset",
  "email.changed",
  "org.created",
  "org.updated",
  "org.deleted",
  "org.switched",
  "member.role_changed",
  "member.removed",
  "invitation.created",
  "invitation.accepted",
  "invitation.revoked",
  "api_key.created",
  "api_key.used",
  "api_key.deleted",
  "mfa.enabled",
  "mfa.disabled",
  "mfa.failed",
  "mfa.recovery_code_used",
  "mfa.recovery_codes_regenerated",
  "passkey.added",
  "passkey.removed",
  "org.mfa_policy_changed",
  "oauth.linked",
  "oauth.unlinked",
  "webhook.created",
  "webhook.updated",
  "webhook.deleted",
  "webhook.secret_rotated",
  "webhook.disabled",
  "admin.user_disabled",
  "admin.user_enabled",
  "admin.sessions_revoked",
  "admin.mfa_reset",
  "admin.impersonation_started",
  "admin.user_deleted",
  "admin.access_confirmed",
  "domain.added",
  "domain.verified",
  "domain.removed",
  "sso.connection_created",
  "sso.connection_updated",
  "sso.connection_deleted",
  "sso.login_succeeded",
  "sso.login_failed",
  "oauth.client_created",
  "oauth.client_updated",
  "oauth.client_deleted",
  "oauth.consent_granted",
  "oauth.consent_revoked",
  "keys.rotated",
] as const;

/** Events only webhooks carry: the audit log has no row for them (API.md, "Webhooks"). */
export const WEBHOOK_ONLY_EVENT_TYPES = ["member.added", "user.updated", "webhook.test"] as const;

/** Events of the instance, in no organization's log: the instance admins' audit log only. */
const INSTANCE_ONLY = [
  "admin.access_confirmed",
  "oauth.client_created",
  "oauth.client_updated",
  "oauth.client_deleted",
  "keys.rotated",
] as const;

/**
 * Audit types webhooks never carry: a refused guess is an attacker's noise, a key's use is polling,
 * and the instance's own events (an admin confirming their access, OAuth clients, a rotation of the
 * signing keys) concern no organization.
 */
const NOT_DELIVERED = new Set<string>(["login.failed", "api_key.used", ...INSTANCE_ONLY]);

/** What an endpoint may subscribe to (besides "*"), in the order pages list them. */
export const WEBHOOK_EVENT_TYPES = [...EVENT_TYPES.filter((type) => !NOT_DELIVERED.has(type)), ...WEBHOOK_ONLY_EVENT_TYPES] as readonly (
  | Exclude<(typeof EVENT_TYPES)[number], "login.failed" | "api_key.used" | (typeof INSTANCE_ONLY)[number]>
  | (typeof WEBHOOK_ONLY_EVENT_TYPES)[number]
)[];

export type AuditEventType = (typeof EVENT_TYPES)[number];
export type EventType = AuditEventType | (typeof WEBHOOK_ONLY_EVENT_TYPES)[number];

export const isAudited = (type: EventType): type is AuditEventType => !(WEBHOOK_ONLY_EVENT_TYPES as readonly string[]).includes(type);
export const isDelivered = (type: EventType) => !NOT_DELIVERED.has(type);
