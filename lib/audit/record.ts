import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Db, Tx } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";

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

export async function recordAudit(client: Db | Tx, event: AuditInput): Promise<void> {
  await client.auditEvent.create({
    data: {
      type: event.type,
      organizationId: event.organizationId,
      actorId: event.actorId,
      actorType: event.actorType ?? "user",
      ip: event.client?.ip ?? null,
      userAgent: event.client?.userAgent ?? null,
      metadata: event.metadata ?? {},
    },
  });
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
      metadata: event.metadata ?? {},
    })),
  });
}
