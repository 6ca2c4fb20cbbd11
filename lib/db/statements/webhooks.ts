import "server-only";
import type { WebhookDelivery, WebhookEndpoint, WebhookEvent } from "@/lib/generated/prisma/client";
import { sql, type Executor } from "../sql";
import { payloadSql } from "./events";

// webhook_deliveries (the outbox), as the dispatcher (lib/webhooks/dispatcher.ts) works it: claim
// what is due, record what the attempts answered. Each is one statement, so one short
// transaction: nothing is held open while a request is in flight, which is what lets several
// processes behind a transaction-mode pooler share the queue.

const NOW = `(now() AT TIME ZONE 'UTC')`;

export type ClaimedDelivery = Pick<WebhookDelivery, "id" | "eventId" | "endpointId" | "attempts"> &
  Pick<WebhookEvent, "payload" | "type"> &
  Pick<WebhookEndpoint, "url" | "secretBox"> & {
    /** The pre-rotation secret while it still signs, else null. */
    previousSecretBox: string | null;
  };

/**
 * Claims up to `limit` due deliveries of enabled endpoints for `leaseToken`: counts the attempt and
 * moves nextAttemptAt to the end of the lease, so a claimant that dies mid-send leaves a row that
 * is simply due again then. SKIP LOCKED lets concurrent claimants take disjoint rows.
 *
 * The claim walks (status, nextAttemptAt) in order and stops after `limit` rows, whatever the
 * backlog: the endpoint checks are per-row filters fenced with OFFSET 0, so the planner cannot
 * flatten them into a join that reads, joins and sorts every due row (at a backlog of 20,000 that
 * cost 30-70 ms per claim; docs/benchmarks.md, "Webhooks"). Not yet fair between organizations: a
 * per-organization share cost more than the claims it was meant to protect (see the issue note).
 */
export async function claimDueDeliveries(
  leaseToken: string,
  leaseSeconds: number,
  limit: number,
  endpointIds: string[] | null = null,
): Promise<ClaimedDelivery[]> {
  return sql<ClaimedDelivery>(
    "webhook_claim",
    `UPDATE webhook_deliveries d
        SET attempts = d.attempts + 1, "leaseToken" = $1, "nextAttemptAt" = ${NOW} + make_interval(secs => $2)
       FROM webhook_events ev, webhook_endpoints ep
      WHERE d.id IN (
              SELECT q.id FROM webhook_deliveries q
               WHERE q.status = 'pending' AND q."nextAttemptAt" <= ${NOW}
                 AND ($4::text[] IS NULL OR q."endpointId" = ANY($4))
                 AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = q."endpointId" AND e.enabled
                               -- silent while the person answerable for it is disabled (as their API keys are)
                               AND NOT EXISTS (SELECT 1 FROM users c WHERE c.id = e."createdById" AND c."disabledAt" IS NOT NULL)
                             OFFSET 0)
               ORDER BY q."nextAttemptAt"
               LIMIT $3
               FOR UPDATE OF q SKIP LOCKED)
        AND ev.id = d."eventId" AND ep.id = d."endpointId"
    RETURNING d.id, d."eventId", d."endpointId", d.attempts, ev.payload, ev.type, ep.url, ep."secretBox",
              CASE WHEN ep."previousSecretUntil" > ${NOW} THEN ep."previousSecretBox" END AS "previousSecretBox"`,
    [leaseToken, leaseSeconds, limit, endpointIds],
  );
}

export interface AttemptOutcome {
  deliveryId: string;
  /** The claim it was sent under: a row claimed since by someone else is left alone. */
  leaseToken: string;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  responseBody: string;
  /** Seconds until the next attempt after a failure; null: no attempt left (the delivery failed). */
  retryInSeconds: number | null;
}

/**
 * The ids come twice, in the JSON and as an array ($3), so the deliveries are found through their
 * primary key: joined only to jsonb_to_recordset (which the planner takes for 100 rows whatever it
 * holds), they were read by a sequential scan once the table grew (docs/benchmarks.md, "Webhooks").
 *
 * Records a batch of attempts, each under the claim it was sent with (a row claimed since by
 * someone else is left alone): the delivery's state, its attempt log, and each endpoint's run of
 * failures. Answers the endpoints that have now been failing long enough to be disabled.
 */
export async function recordAttempts(outcomes: AttemptOutcome[], disableAfterSeconds: number): Promise<string[]> {
  if (outcomes.length === 0) return [];
  const rows = await sql<{ id: string }>(
    "webhook_record",
    `WITH r AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS r("deliveryId" text, "leaseToken" text, ok boolean, "statusCode" int, error text, "durationMs" int, "responseBody" text, "retryInSeconds" float8)
     ),
     done AS (
       UPDATE webhook_deliveries d
          SET status = (CASE WHEN r.ok THEN 'succeeded' WHEN r."retryInSeconds" IS NULL THEN 'failed' ELSE 'pending' END)::"WebhookDeliveryStatus",
              "nextAttemptAt" = CASE WHEN r.ok OR r."retryInSeconds" IS NULL THEN NULL ELSE ${NOW} + make_interval(secs => r."retryInSeconds") END,
              "leaseToken" = NULL,
              "lastStatusCode" = r."statusCode",
              "lastError" = r.error,
              "lastAttemptAt" = ${NOW} - make_interval(secs => r."durationMs" / 1000.0),
              "lastDurationMs" = r."durationMs"
         FROM r
        WHERE d.id = ANY($3::text[]) AND d.id = r."deliveryId" AND d."leaseToken" = r."leaseToken"
       RETURNING d.id, d."endpointId", r.ok
     ),
     logged AS (
       INSERT INTO webhook_attempts (id, "deliveryId", "attemptedAt", "statusCode", error, "durationMs", "responseBody")
       SELECT gen_random_uuid()::text, r."deliveryId", ${NOW} - make_interval(secs => r."durationMs" / 1000.0), r."statusCode", r.error,
              r."durationMs", r."responseBody"
         FROM r JOIN done ON done.id = r."deliveryId"
     ),
     answering AS (
       UPDATE webhook_endpoints e SET "failingSince" = NULL
        WHERE e.id IN (SELECT "endpointId" FROM done WHERE ok) AND e."failingSince" IS NOT NULL
     ),
     failing AS (
       UPDATE webhook_endpoints e SET "failingSince" = COALESCE(e."failingSince", ${NOW})
        WHERE e.id IN (SELECT "endpointId" FROM done WHERE NOT ok)
          AND e.id NOT IN (SELECT "endpointId" FROM done WHERE ok)
       RETURNING e.id, e.enabled, e."failingSince"
     )
     SELECT id FROM failing WHERE enabled AND "failingSince" <= ${NOW} - make_interval(secs => $2)`,
    [JSON.stringify(outcomes), disableAfterSeconds, outcomes.map((outcome) => outcome.deliveryId)],
  );
  return rows.map((row) => row.id);
}

/**
 * Turns a failing endpoint off, in the caller's transaction: answers its organization, or nothing
 * when it was already off (another instance got there first). Its pending deliveries fail with it.
 */
export async function disableFailingEndpoint(
  tx: Executor,
  endpointId: string,
): Promise<{ organizationId: string; url: string } | undefined> {
  const [row] = await sql<{ organizationId: string; url: string }>(
    "webhook_disable_failing",
    `UPDATE webhook_endpoints SET enabled = false, "disabledReason" = 'failing', "updatedAt" = ${NOW}
      WHERE id = $1 AND enabled
    RETURNING "organizationId", url`,
    [endpointId],
    tx,
  );
  if (row) await failPendingDeliveries(tx, endpointId, "endpoint disabled after 5 days of failures");
  return row;
}

/** An endpoint turned off takes its queue with it: what was pending is failed, and may be retried by hand. */
export async function failPendingDeliveries(tx: Executor | undefined, endpointId: string, reason: string): Promise<void> {
  await sql(
    "webhook_fail_pending",
    `UPDATE webhook_deliveries SET status = 'failed', "nextAttemptAt" = NULL, "leaseToken" = NULL, "lastError" = $2
      WHERE "endpointId" = $1 AND status = 'pending'`,
    [endpointId, reason],
    tx,
  );
}

/**
 * The endpoints a disabled person answers for stay silent (emit queues nothing for them, the claim
 * skips them); what they had pending is failed now, so it does not sit at the head of the queue for
 * every claim to step over. It may be retried by hand once the person is enabled again.
 */
export async function failPendingDeliveriesOfCreator(tx: Executor, userId: string, reason: string): Promise<void> {
  await sql(
    "webhook_fail_pending_of_creator",
    `UPDATE webhook_deliveries SET status = 'failed', "nextAttemptAt" = NULL, "leaseToken" = NULL, "lastError" = $2
      WHERE status = 'pending' AND "endpointId" IN (SELECT id FROM webhook_endpoints WHERE "createdById" = $1)`,
    [userId, reason],
    tx,
  );
}

export type DeliveryRow = Pick<
  WebhookDelivery,
  | "id"
  | "eventId"
  | "status"
  | "attempts"
  | "lastStatusCode"
  | "lastError"
  | "nextAttemptAt"
  | "createdAt"
  | "lastAttemptAt"
  | "lastDurationMs"
> &
  Pick<WebhookEvent, "type">;

/** A page of an endpoint's deliveries, newest first, keyset-paginated on (createdAt, id). */
export async function deliveryPage(
  endpointId: string,
  after: { createdAt: Date; id: string } | null,
  limit: number,
): Promise<DeliveryRow[]> {
  return sql<DeliveryRow>(
    "webhook_delivery_page",
    `SELECT d.id, d."eventId", ev.type, d.status, d.attempts, d."lastStatusCode", d."lastError", d."nextAttemptAt", d."createdAt",
            d."lastAttemptAt", d."lastDurationMs"
       FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d."eventId"
      WHERE d."endpointId" = $1
        AND ($2::text IS NULL OR (d."createdAt", d.id) < (($2::timestamptz AT TIME ZONE 'UTC'), $3))
      ORDER BY d."createdAt" DESC, d.id DESC
      LIMIT $4`,
    [endpointId, after?.createdAt.toISOString() ?? null, after?.id ?? null, limit],
  );
}

/** Queues one more attempt now, outside the schedule (a manual retry): answers false when not found. */
export async function requeueDelivery(endpointId: string, deliveryId: string): Promise<boolean> {
  const rows = await sql(
    "webhook_requeue",
    `UPDATE webhook_deliveries SET status = 'pending', "nextAttemptAt" = ${NOW}, "leaseToken" = NULL
      WHERE id = $1 AND "endpointId" = $2
    RETURNING id`,
    [deliveryId, endpointId],
  );
  return rows.length > 0;
}

/** Forgets events older than the retention (their deliveries and attempt logs go with them), in small bites. */
export async function deleteOldEvents(retentionDays: number, batch = 1000): Promise<number> {
  const rows = await sql(
    "webhook_events_prune",
    `DELETE FROM webhook_events WHERE id IN (
       SELECT id FROM webhook_events WHERE "createdAt" < ${NOW} - make_interval(days => $1) LIMIT $2)
     RETURNING id`,
    [retentionDays, batch],
  );
  return rows.length;
}

/** A `webhook.test` event for one endpoint, whatever it subscribes to; answers the event id. */
export async function enqueueTestEvent(endpointId: string, organizationId: string, data: object): Promise<string> {
  const [row] = await sql<{ eventId: string }>(
    "webhook_enqueue_test",
    `WITH v AS (SELECT 'evt_' || replace(gen_random_uuid()::text, '-', '') AS id, ${NOW} AS at),
     ev AS (
       INSERT INTO webhook_events (id, "organizationId", type, payload, "createdAt")
       SELECT v.id, $2, 'webhook.test', ${payloadSql("v.id", "'webhook.test'::text", "v.at", "$2::text", "$3::json")}, v.at FROM v
       RETURNING id
     )
     INSERT INTO webhook_deliveries (id, "eventId", "endpointId", "nextAttemptAt", "createdAt")
     SELECT gen_random_uuid()::text, ev.id, $1, ${NOW}, ${NOW} FROM ev
     RETURNING "eventId"`,
    [endpointId, organizationId, JSON.stringify(data)],
  );
  return row!.eventId;
}
