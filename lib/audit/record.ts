import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db, type Db, type Tx } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { log } from "@/lib/log";

// Security events, written with the change they record (pass the transaction client).

export const AUDIT_EVENT_TYPES = [
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
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export interface AuditInput {
  type: AuditEventType;
  organizationId: string | null;
  actorId: string | null;
  actorType?: "user" | "api_key";
  client?: ClientInfo;
  metadata?: Prisma.InputJsonObject;
}

/**
 * Admins read the log, and a session id is half of a forged access token (with a leaked JWT
 * secret it is all that is missing): the log never stores one, whoever passes it in.
 */
export function withoutSessionIds(metadata: Prisma.InputJsonObject | undefined): Prisma.InputJsonObject {
  if (!metadata) return {};
  const { sessionId: _sessionId, sid: _sid, ...rest } = metadata;
  return rest;
}

export async function recordAudit(client: Db | Tx, event: AuditInput): Promise<void> {
  await client.auditEvent.create({
    data: {
      type: event.type,
      organizationId: event.organizationId,
      actorId: event.actorId,
      actorType: event.actorType ?? "user",
      ip: event.client?.ip ?? null,
      userAgent: event.client?.userAgent ?? null,
      metadata: withoutSessionIds(event.metadata),
    },
  });
}

/**
 * For an event that must never stand in the way of what it records (a logout): written on its
 * own after the change has committed, and a failure is logged instead of thrown.
 */
export async function recordAuditAfter(event: AuditInput): Promise<void> {
  try {
    await recordAudit(db(), event);
  } catch (error) {
    log.warn("audit_write_failed", { type: event.type, error });
  }
}

/**
 * The organization whose log may show a person's own act: `organizationId` while they still
 * belong to it, else none (the event is kept for operators only). A removed member must not be
 * able to write into the log of an organization they have left.
 */
export async function organizationIfMember(client: Db | Tx, userId: string, organizationId: string | null): Promise<string | null> {
  if (!organizationId) return null;
  const membership = await client.membership.findUnique({
    where: { userId_organizationId: { userId, organizationId } },
    select: { organizationId: true },
  });
  return membership?.organizationId ?? null;
}

/** An event about a person rather than one organization goes to each of their organizations' logs. */
export async function recordUserEvent(tx: Tx, userId: string, event: Omit<AuditInput, "organizationId" | "actorId">) {
  const memberships = await tx.membership.findMany({ where: { userId }, select: { organizationId: true } });
  await tx.auditEvent.createMany({
    data: memberships.map((m) => ({
      type: event.type,
      organizationId: m.organizationId,
      actorId: userId,
      actorType: event.actorType ?? "user",
      ip: event.client?.ip ?? null,
      userAgent: event.client?.userAgent ?? null,
      metadata: withoutSessionIds(event.metadata),
    })),
  });
}
