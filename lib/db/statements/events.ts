import "server-only";
import type { AuditEvent } from "@/lib/generated/prisma/client";
import { sql, type Executor } from "../sql";

// What lib/events/emit.ts writes, in one round trip inside the caller's transaction: the audit row
// and, where the organization has endpoints subscribed to the type, the webhook event and one
// outbox row per endpoint (webhook_deliveries, which the dispatcher claims). An organization with
// no endpoint pays one index probe on webhook_endpoints and nothing else.

export type EventInsert = Pick<AuditEvent, "type" | "actorId" | "actorType" | "ip" | "userAgent"> & {
  metadata: object;
  /** Write the audit row (false for the webhook-only types). */
  audited: boolean;
  /** Write the outbox rows (false for the types webhooks never carry). */
  delivered: boolean;
  /** The webhook payload's `data`. */
  data: object;
};

/**
 * The webhook body, built where the row is written so that every retry sends the same bytes:
 * `{ id, type, timestamp, organizationId, data }` (API.md), the time in ISO 8601 with
 * milliseconds, as JavaScript's toISOString writes it.
 */
export const payloadSql = (id: string, type: string, at: string, org: string, data: string) =>
  `json_build_object('id', ${id}, 'type', ${type}, 'timestamp', to_char(${at}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'organizationId', ${org}, 'data', ${data})::text`;

// $1 names the organizations (the CTE `orgs` derives them); the rest is the same for both forms.
const statement = (orgs: string) => `
  WITH orgs AS (${orgs}),
  audit AS (
    INSERT INTO audit_events (id, "organizationId", type, "actorId", "actorType", ip, "userAgent", metadata, "createdAt")
    SELECT gen_random_uuid()::text, orgs.org, $2, $3, $4::"ActorType", $5, $6, $7::jsonb, (now() AT TIME ZONE 'UTC')
      FROM orgs WHERE $8
  ),
  endpoints AS (
    SELECT e.id, e."organizationId" AS org
      FROM webhook_endpoints e JOIN orgs ON e."organizationId" = orgs.org
     WHERE $9 AND e.enabled AND (e.events @> ARRAY[$2::text] OR e.events @> ARRAY['*'])
       AND NOT EXISTS (SELECT 1 FROM users c WHERE c.id = e."createdById" AND c."disabledAt" IS NOT NULL)
  ),
  events AS (
    INSERT INTO webhook_events (id, "organizationId", type, payload, "createdAt")
    SELECT v.id, v.org, $2, ${payloadSql("v.id", "$2::text", "v.at", "v.org", "$10::json")}, v.at
      FROM (SELECT 'evt_' || replace(gen_random_uuid()::text, '-', '') AS id, o.org, (now() AT TIME ZONE 'UTC') AS at
              FROM (SELECT DISTINCT org FROM endpoints) o) v
    RETURNING id, "organizationId"
  )
  INSERT INTO webhook_deliveries (id, "eventId", "endpointId", "nextAttemptAt", "createdAt")
  SELECT gen_random_uuid()::text, events.id, endpoints.id, (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC')
    FROM events JOIN endpoints ON endpoints.org = events."organizationId"
  RETURNING id`;

const FOR_ORGANIZATION = statement(`SELECT $1::text AS org`);
const FOR_MEMBERSHIPS = statement(`SELECT "organizationId" AS org FROM memberships WHERE "userId" = $1`);

const values = (scope: string | null, e: EventInsert) => [
  scope,
  e.type,
  e.actorId,
  e.actorType,
  e.ip,
  e.userAgent,
  JSON.stringify(e.metadata),
  e.audited,
  e.delivered,
  JSON.stringify(e.data),
];

/**
 * The event in `organizationId`'s log and outbox (null: an audit row kept for operators only).
 * Answers how many deliveries it queued.
 */
export async function insertEvent(tx: Executor | undefined, organizationId: string | null, event: EventInsert): Promise<number> {
  const rows = await sql("event_insert", FOR_ORGANIZATION, values(organizationId, event), tx);
  return rows.length;
}

/** The same event in the log and outbox of every organization `userId` belongs to. */
export async function insertEventForMember(tx: Executor | undefined, userId: string, event: EventInsert): Promise<number> {
  const rows = await sql("event_insert_member", FOR_MEMBERSHIPS, values(userId, event), tx);
  return rows.length;
}
