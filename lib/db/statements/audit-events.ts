import "server-only";
import type { AuditEvent } from "@/lib/generated/prisma/client";
import { sql } from "../sql";

// audit_events: written by lib/events (emit, through ./events.ts), read by the organization's audit log.

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
