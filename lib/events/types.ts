// THE list of event types: the audit log stores them, the OpenAPI document names them (the
// AuditEntry schema's `type`), and webhooks will deliver them. Client-safe: no server imports.

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
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
