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

// The dispatcher: every server process runs one. It keeps up to WEBHOOKS_CONCURRENCY requests in
// flight: whenever slots are free it claims due deliveries (one UPDATE … FOR UPDATE SKIP LOCKED: a
// short transaction that works behind a transaction-mode pooler and lets any number of processes
// share the queue), sends each with nothing held open in the database, and records the answers in
// small batches (one statement each). A slow endpoint holds only the slots of its own requests,
// never a batch of others'. (Shares between organizations are not enforced yet: many endpoints of
// one organization that all hang can still fill every slot until their requests time out.) It
// runs right after a response that queued deliveries (Next's `after`), on a timer, and from the
// cron route on Vercel.

/** Answers are written in batches of this many, or after FLUSH_AFTER_MS, whichever comes first. */
const FLUSH_BATCH = 32;
const FLUSH_AFTER_MS = 20;
/** While a write is in flight, answers gather and the next write takes up to this many at once. */
const RECORD_MAX = 256;
/** At most this many rows per claim, so one statement never holds many row locks. */
const CLAIM_MAX = 64;

export interface DrainResult {
  attempts: number;
  succeeded: number;
  failed: number;
}

export interface DrainOptions {
  /** Stop claiming after this long (what is claimed is still sent and recorded). */
  budgetMs?: number;
  /** Only these endpoints' deliveries (`npm run webhooks:drain -- --endpoint=<id>`, and tests sharing one database). */
  endpointIds?: string[];
}

const settings = () => {
  const env = config();
  return {
    ...env.webhookAddressRule,
    leaseSeconds: env.WEBHOOKS_LEASE_SECONDS,
    concurrency: env.WEBHOOKS_CONCURRENCY,
  };
};

async function attempt(delivery: ClaimedDelivery, leaseToken: string, options: ReturnType<typeof settings>): Promise<AttemptOutcome> {
  const failed = (error: string): AttemptOutcome => ({
    deliveryId: delivery.id,
    leaseToken,
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
    leaseToken,
    ok: result.ok,
    statusCode: result.statusCode,
    error: result.ok ? null : result.error,
    durationMs: Math.round(result.durationMs),
    responseBody: result.responseBody,
    retryInSeconds: result.ok ? null : retryDelaySeconds(delivery.attempts, Math.random()),
  };
}

/**
 * Collects answers and writes them a batch at a time, one write after another. While a write is
 * in flight the answers that arrive gather, and the next write takes them all (up to RECORD_MAX):
 * the batches grow with the rate, so the records keep up with the sends instead of queueing one
 * 32-row statement after another behind a slow one (the bench's first pass once ended with half
 * of 20,000 answers still unrecorded a second after the last was received).
 */
class Recorder {
  private buffer: AttemptOutcome[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** The writes in flight: they end when the buffer is empty. */
  private writing: Promise<void> | undefined;

  constructor(private readonly totals: DrainResult) {}

  add(outcome: AttemptOutcome): void {
    this.buffer.push(outcome);
    if (this.writing) return; // the writes in flight take it
    if (this.buffer.length >= FLUSH_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
  }

  /** Writes everything buffered; resolves when nothing is left to write. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // writeAll awaits before it clears `writing`, so it is set here first whenever it runs.
    if (!this.writing && this.buffer.length > 0) this.writing = this.writeAll();
    return this.writing ?? Promise.resolve();
  }

  private async writeAll(): Promise<void> {
    while (this.buffer.length > 0) await this.write(this.buffer.splice(0, RECORD_MAX));
    this.writing = undefined;
  }

  private async write(batch: AttemptOutcome[]): Promise<void> {
    try {
      const failing = await recordAttempts(batch, DISABLE_AFTER_FAILING_SECONDS);
      this.totals.attempts += batch.length;
      for (const outcome of batch) {
        if (outcome.ok) this.totals.succeeded++;
        else this.totals.failed++;
      }
      if (failing.length > 0) await disableFailingEndpoints(failing);
    } catch (error) {
      // Unrecorded answers are retried when their lease ends: at least once, never lost.
      log.warn("webhook_record_failed", { error, deliveries: batch.length });
    }
  }
}

/** Sends what is due until the queue is empty or the budget is spent. */
export async function drainWebhooks(options: DrainOptions = {}): Promise<DrainResult> {
  const deadline = Date.now() + (options.budgetMs ?? 25_000);
  const setup = settings();
  const totals: DrainResult = { attempts: 0, succeeded: 0, failed: 0 };
  const recorder = new Recorder(totals);
  const inFlight = new Set<Promise<void>>();
  // Slots are refilled a quarter at a time, never one by one: each claim is a statement, and a
  // claim per delivery would cap the rate at what PostgreSQL answers claims (~200/s here).
  const refill = Math.max(1, Math.floor(setup.concurrency / 4));
  while (Date.now() < deadline) {
    const free = setup.concurrency - inFlight.size;
    const leaseToken = randomUUID();
    const claimed =
      free >= refill || inFlight.size === 0
        ? await claimDueDeliveries(leaseToken, setup.leaseSeconds, Math.min(free, CLAIM_MAX), options.endpointIds ?? null)
        : [];
    for (const delivery of claimed) {
      const sending: Promise<void> = attempt(delivery, leaseToken, setup).then((outcome) => {
        inFlight.delete(sending);
        recorder.add(outcome);
      });
      inFlight.add(sending);
    }
    // Nothing claimable now (the queue is empty, or the rest is claimed elsewhere) and nothing in
    // flight: done. Otherwise wait until enough slots are free to claim again.
    if (claimed.length === 0 && inFlight.size === 0) break;
    if (claimed.length === 0 || setup.concurrency - inFlight.size < refill) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  await recorder.flush();
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
