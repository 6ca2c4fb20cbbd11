// Issue 25's two webhook figures. The dispatcher's throughput: a backlog queued through the app's
// own emit() in one transaction (queue-events.ts) for an organization with 10 endpoints on the
// bench's receiver, sent by the running app's dispatchers (every server process runs one), timed
// from the first delivery received to the last, with every delivery checked to have arrived once
// and to stand as succeeded after one attempt. And the outbox's cost: the same change in an
// organization without endpoints and in one with them, paired (load.ts), so the emit statement
// writes only the audit row on one side and the event and a delivery per endpoint on the other.
import type { BenchApp } from "./app";
import type { BenchDatabase } from "./database";
import { pairedLoad, type Arm } from "./load";
import { options } from "./options";
import type { BenchReceiver } from "./receiver";
import { PASSWORD, type OrgSeed } from "./seed";
import type { Measured } from "./stats";
import { runWithLib } from "./with-lib";

export interface WebhookContext {
  base: string;
  app: BenchApp;
  db: BenchDatabase;
  receiver: BenchReceiver;
}

/** The outbox a hooked scenario filled is sent before the next scenario loads the app. */
const DRAIN_TIMEOUT_MS = 300_000;

/**
 * The outbox's cost is measured on one connection: the figure is what writing it adds to one
 * change, and at 10 connections every request's latency is mostly its wait behind the others
 * (a member change costs ~20 ms of one process's time), which multiplies any difference.
 */
export const OUTBOX_CONNECTIONS = 1;

const queueEvents = (app: BenchApp, org: OrgSeed, events: number) =>
  runWithLib<{ ms: number }>("queue-events.ts", [org.organizationId, org.userId, String(events)], app);

/** Statements timed per pass of the emit scenario, all organizations together. */
const EMIT_STATEMENTS = 6000;

/** The emit statement alone, for each of `orgs` (time-emit.ts): a Measured per organization. */
export const emitStatementCost = (app: BenchApp, orgs: OrgSeed[]) =>
  runWithLib<Measured[]>("time-emit.ts", [orgs[0]!.userId, String(EMIT_STATEMENTS), ...orgs.map((org) => org.organizationId)], app);

/**
 * One pass of the dispatcher scenario: rps is deliveries per second from the first received to
 * the last; p50/p99 each POST as the dispatcher timed it; errors every delivery lost, received
 * twice, retried, not recorded as succeeded, or with a sampled signature that did not verify.
 */
export async function dispatcherThroughput(
  { app, db, receiver }: Pick<WebhookContext, "app" | "db" | "receiver">,
  org: OrgSeed,
  events = options.webhookEvents,
): Promise<Measured> {
  const expected = events * org.endpointIds.length;
  await db.waitForEmptyOutbox(DRAIN_TIMEOUT_MS);
  receiver.reset();
  const since = await db.now();
  const queued = await queueEvents(app, org, events);
  await receiver.waitForIds(org.paths, expected, 60_000 + expected * 10);
  // Anything sent twice comes soon after the first: the leases are 60 s, but a doubled claim
  // would be sent in the same moment as the first.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const span = receiver.span(org.paths)!;
  const perPath = org.paths.map((p) => receiver.count(p));
  const doubled = perPath.reduce((sum, c) => sum + c.requests - c.ids.size, 0);
  const lost = perPath.reduce((sum, c) => sum + Math.max(0, events - c.ids.size), 0);
  const recorded = await db.deliveries(org.endpointIds, since);
  const signatures = receiver.verified();
  const rps = (expected - 1) / ((span.last - span.first) / 1000);
  console.log(
    `  webhooks: ${expected} deliveries (${events} events × ${org.endpointIds.length} endpoints) queued in ${(queued.ms / 1000).toFixed(1)} s, ` +
      `received in ${((span.last - span.first) / 1000).toFixed(1)} s: ${rps.toFixed(0)}/s; ${lost} lost, ${doubled} doubled, ` +
      `${recorded.succeeded}/${recorded.total} recorded as succeeded, ${recorded.retried} retried, ` +
      `${signatures.checked - signatures.failed}/${signatures.checked} sampled signatures verified`,
  );
  return {
    rps,
    p50: recorded.p50,
    p99: recorded.p99,
    errors: lost + doubled + (expected - recorded.succeeded) + recorded.retried + signatures.failed,
  };
}

/** Flips each connection's member between member and admin: every request is a change, and emits. */
export const roleFlips = (org: OrgSeed): Arm => {
  const other = (role: string) => (role === "member" ? "admin" : "member");
  return {
    request: (c) => ({
      method: "PATCH",
      path: `/api/organizations/${org.organizationId}/members/${org.members[c]}`,
      headers: { authorization: `Bearer ${org.access}`, "content-type": "application/json" },
      body: JSON.stringify({ role: other(org.roles[c]!) }),
    }),
    answered: (c, status) => {
      if (status === 200) org.roles[c] = other(org.roles[c]!) as OrgSeed["roles"][number];
    },
  };
};

/** Signs the organization's owner in: `login.succeeded` lands in that organization. */
export const signIns = (org: OrgSeed): Arm => ({
  request: () => ({
    method: "POST",
    path: "/api/auth/login",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: org.email, password: PASSWORD }),
  }),
});

/**
 * The same change without and with endpoints, paired; then waits for the dispatchers to send
 * what the hooked side queued (counted as the hooked side's errors if any did not succeed), so
 * that the next scenario does not share the machine with them.
 */
export async function outboxCost(
  { base, db }: WebhookContext,
  arm: (org: OrgSeed) => Arm,
  plain: OrgSeed,
  hooked: OrgSeed,
  seconds = options.seconds,
): Promise<[Measured, Measured]> {
  const since = await db.now();
  const [without, withOutbox] = await pairedLoad(base, [arm(plain), arm(hooked)], seconds, OUTBOX_CONNECTIONS);
  await db.waitForEmptyOutbox(DRAIN_TIMEOUT_MS);
  const recorded = await db.deliveries(hooked.endpointIds, since);
  return [without!, { ...withOutbox!, errors: withOutbox!.errors + recorded.total - recorded.succeeded }];
}
