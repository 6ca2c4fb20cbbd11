import "server-only";
import { randomUUID } from "node:crypto";
import { config } from "@/lib/config/env";
import {
  claimDueDeliveries,
  deleteOldEvents,
  recordAttempts,
  type AttemptOutcome,
  type ClaimedDelivery,
} from "@/lib/db/statements/webhooks";
import { onOutboxWrite } from "@/lib/events/outbox-signal";
import { afterResponse } from "@/lib/http/after-response";
import { log } from "@/lib/log";
import { disableFailingEndpoints } from "./failing";
import { postWebhook } from "./post";
import { DISABLE_AFTER_FAILING_SECONDS, retryDelaySeconds } from "./schedule";
import { openEndpointSecret, signDelivery } from "./signing";

// The dispatcher: every server process runs one. It claims due deliveries in small batches (one
// UPDATE … FOR UPDATE SKIP LOCKED each: a short transaction that works behind a transaction-mode
// pooler and lets any number of processes share the queue), sends them with nothing held open in
// the database, and records the answers in one statement per batch. It runs right after a response
// that queued deliveries (Next's `after`), on a timer, and from the cron route on Vercel.

/** Parallel claim-send-record loops: a slow endpoint holds up one lane's batch, not the queue. */
const LANES = 4;

export interface DrainResult {
  attempts: number;
  succeeded: number;
  failed: number;
}

export interface DrainOptions {
  /** Stop claiming new batches after this long (what is claimed is still sent and recorded). */
  budgetMs?: number;
  /** Only these endpoints' deliveries (`npm run webhooks:drain -- --endpoint=<id>`, and tests sharing one database). */
  endpointIds?: string[];
}

const settings = () => {
  const env = config();
  return {
    allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE_URLS,
    // "https only in production": lifting the address rule for a local setup lifts this one too.
    requireHttps: env.isProduction && !env.WEBHOOKS_ALLOW_PRIVATE_URLS,
    leaseSeconds: env.WEBHOOKS_LEASE_SECONDS,
    batch: Math.max(1, Math.ceil(env.WEBHOOKS_CONCURRENCY / LANES)),
  };
};

async function attempt(delivery: ClaimedDelivery, options: ReturnType<typeof settings>): Promise<AttemptOutcome> {
  const failed = (error: string): AttemptOutcome => ({
    deliveryId: delivery.id,
    ok: false,
    statusCode: null,
    error,
    durationMs: 0,
    responseBody: "",
    retryInSeconds: retryDelaySeconds(delivery.attempts, Math.random()),
  });
  let headers;
  try {
    headers = signDelivery(delivery.eventId, delivery.payload, {
      current: openEndpointSecret(delivery.endpointId, delivery.secretBox),
      previous: delivery.previousSecretBox ? openEndpointSecret(delivery.endpointId, delivery.previousSecretBox) : null,
    });
  } catch (error) {
    // A signing key the operator removed too early: retried on schedule, in case it comes back.
    log.error("webhook_secret_unopenable", { endpointId: delivery.endpointId, error });
    return failed("the endpoint's signing secret cannot be opened on the server");
  }
  const result = await postWebhook(
    delivery.url,
    delivery.payload,
    { ...headers, "content-type": "application/json", "user-agent": "KeystoneAuth-Webhooks/1.0" },
    options,
  );
  return {
    deliveryId: delivery.id,
    ok: result.ok,
    statusCode: result.statusCode,
    error: result.ok ? null : result.error,
    durationMs: Math.round(result.durationMs),
    responseBody: result.responseBody,
    retryInSeconds: result.ok ? null : retryDelaySeconds(delivery.attempts, Math.random()),
  };
}

async function lane(deadline: number, endpointIds: string[] | null, totals: DrainResult): Promise<void> {
  const options = settings();
  while (Date.now() < deadline) {
    const leaseToken = randomUUID();
    const claimed = await claimDueDeliveries(leaseToken, options.leaseSeconds, options.batch, endpointIds);
    if (claimed.length === 0) return;
    const outcomes = await Promise.all(claimed.map((delivery) => attempt(delivery, options)));
    const failing = await recordAttempts(leaseToken, outcomes, DISABLE_AFTER_FAILING_SECONDS);
    totals.attempts += outcomes.length;
    for (const outcome of outcomes) {
      if (outcome.ok) totals.succeeded++;
      else totals.failed++;
    }
    if (failing.length > 0) await disableFailingEndpoints(failing);
  }
}

/** Sends what is due until the queue is empty or the budget is spent. */
export async function drainWebhooks(options: DrainOptions = {}): Promise<DrainResult> {
  const deadline = Date.now() + (options.budgetMs ?? 25_000);
  const totals: DrainResult = { attempts: 0, succeeded: 0, failed: 0 };
  await Promise.all(Array.from({ length: LANES }, () => lane(deadline, options.endpointIds ?? null, totals)));
  return totals;
}

// ---- One drain at a time per process, started by a signal or the timer ----

let running: Promise<void> | undefined;
let again = false;

/** Drains now, or once more after the drain in progress (a signal during a drain is never lost). */
export function kickDispatcher(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    try {
      do {
        again = false;
        await drainWebhooks();
      } while (again);
    } catch (error) {
      log.warn("webhook_drain_failed", { error });
    } finally {
      running = undefined;
    }
  })();
  return running;
}

/**
 * Deletes events past WEBHOOKS_RETENTION_DAYS (their deliveries and attempt logs with them), in
 * bites of 1,000 for at most `budgetMs`. Run hourly by each server process, and by every cron run
 * and `npm run webhooks:drain`, so hosts without long-lived processes prune too.
 */
export async function pruneWebhookHistory(budgetMs = 5000): Promise<number> {
  const deadline = Date.now() + budgetMs;
  let deleted = 0;
  try {
    while (Date.now() < deadline) {
      const bite = await deleteOldEvents(config().WEBHOOKS_RETENTION_DAYS, 1000);
      deleted += bite;
      if (bite < 1000) break;
    }
  } catch (error) {
    log.warn("webhook_prune_failed", { error });
  }
  return deleted;
}

let timer: NodeJS.Timeout | undefined;
let lastPrune = 0;
const PRUNE_EVERY_MS = 3600_000;

/**
 * Called once per server process (instrumentation.ts): drain after every response that queued a
 * delivery, and on a timer for retries and for what another process queued. Not on Vercel,
 * where no process outlives its request: there the cron route drains.
 */
export function startWebhookDispatcher(): void {
  onOutboxWrite(() => afterResponse("webhook dispatch", kickDispatcher));
  if (timer || process.env.VERCEL) return;
  const every = config().WEBHOOKS_POLL_INTERVAL_MS;
  const tick = async () => {
    await kickDispatcher();
    if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = Date.now();
      await pruneWebhookHistory();
    }
  };
  // Started at a random point of the interval, so cluster workers do not poll in step.
  timer = setTimeout(function run() {
    void tick().finally(() => {
      timer = setTimeout(run, every).unref();
    });
  }, Math.random() * every).unref();
}

/** For tests and shutdown. */
export function stopWebhookDispatcher(): void {
  if (timer) clearTimeout(timer);
  timer = undefined;
}

/** Said once at start: a production server that may call private addresses should not be a surprise. */
export function announceWebhookSettings(): void {
  const env = config();
  if (env.isProduction && env.WEBHOOKS_ALLOW_PRIVATE_URLS) {
    log.warn("webhooks_private_urls_allowed", {
      detail: "WEBHOOKS_ALLOW_PRIVATE_URLS is on: webhook endpoints may reach loopback, private and metadata addresses, over http too.",
    });
  }
}
