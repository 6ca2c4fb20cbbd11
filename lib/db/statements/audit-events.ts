import "server-only";
import type { AuditEvent } from "@/lib/generated/prisma/client";
import { sql, type Executor } from "../sql";

// audit_events: written by lib/events (emit), read by the organization's audit log.

export type AuditEventRow = Pick<AuditEvent, "id" | "type" | "actorId" | "actorType" | "ip" | "userAgent" | "createdAt" | "metadata">;

/**
 * A page of an organization's log, newest first. The cursor's time is passed as ISO text and read
 * as UTC, like Prisma writes createdAt, whatever the server's time zone.
 */
export async function auditPage(
  organizationId: string,
  after: { createdAt: Date; id: string } | null,
  limit: number,
): Promise<AuditEventRow[]> {
  return sql<AuditEventRow>(
    "audit_log_page",
    `SELECT id, type, "actorId", "actorType", ip, "userAgent", "createdAt", metadata
       FROM audit_events
      WHERE "organizationId" = $1
        AND ($2::text IS NULL OR ("createdAt", id) < (($2::timestamptz AT TIME ZONE 'UTC'), $3))
      ORDER BY "createdAt" DESC, id DESC
      LIMIT $4`,
    [organizationId, after?.createdAt.toISOString() ?? null, after?.id ?? null, limit],
  );
}

export type AuditInsert = Pick<AuditEvent, "type" | "organizationId" | "actorId" | "actorType" | "ip" | "userAgent"> & { metadata: object };

/** One row per organization the event goes to (none: one row without an organization). */
export async function insertAuditEvents(tx: Executor | undefined, rows: AuditInsert[]): Promise<void> {
  if (rows.length === 0) return;
  await sql(
    "audit_insert",
    `INSERT INTO audit_events (id, "organizationId", type, "actorId", "actorType", ip, "userAgent", metadata, "createdAt")
     SELECT gen_random_uuid()::text, e."organizationId", e.type, e."actorId", e."actorType"::"ActorType", e.ip, e."userAgent", e.metadata, (now() AT TIME ZONE 'UTC')
       FROM jsonb_to_recordset($1::jsonb) AS e("organizationId" text, type text, "actorId" text, "actorType" text, ip text, "userAgent" text, metadata jsonb)`,
    [JSON.stringify(rows)],
    tx,
  );
}

/** The same event in the log of every organization `userId` belongs to (one row each; none: none). */
export async function insertAuditEventsForMember(tx: Executor | undefined, userId: string, event: AuditInsert): Promise<void> {
  await sql(
    "audit_insert_member",
    `INSERT INTO audit_events (id, "organizationId", type, "actorId", "actorType", ip, "userAgent", metadata, "createdAt")
     SELECT gen_random_uuid()::text, m."organizationId", $2, $3, $4::"ActorType", $5, $6, $7::jsonb, (now() AT TIME ZONE 'UTC')
       FROM memberships m WHERE m."userId" = $1`,
    [userId, event.type, event.actorId, event.actorType, event.ip, event.userAgent, JSON.stringify(event.metadata)],
    tx,
  );
}
