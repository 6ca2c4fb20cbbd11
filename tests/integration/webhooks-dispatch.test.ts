// Sending webhooks (API.md, "Webhooks"): signed with the endpoint's secret as the Standard
// Webhooks library verifies it, retried on the schedule after failures of every kind, never
// lost when a dispatcher dies mid-send, never sent twice by two dispatchers sharing the queue,
// and an endpoint failing for 5 days turned off with its owners told. Also run through PgBouncer
// in transaction mode (vitest.config.ts, POOLER_FILES).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { emit } from "@/lib/events/emit";
import { drainWebhooks } from "@/lib/webhooks/dispatcher";
import { api, expectProblem } from "../support/api";
import { signUp, uniqueEmail, type SignedIn } from "../support/accounts";
import { latestEmailTo } from "../support/mail";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";
import { addMember, invite } from "./organizations-fixtures";

const hooks = (orgId: string) => `/api/organizations/${orgId}/webhooks`;

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});

async function endpoint(owner: SignedIn, pathname: string, events: string[] = ["*"]) {
  const res = await api("POST", hooks(owner.organizationId), { token: owner.access, json: { url: `${receiver.url}${pathname}`, events } });
  expect(res.status, res.text).toBe(201);
  receiver.setSecrets(pathname, [res.body.secret]);
  return res.body as { id: string; secret: string };
}

/** Sends what is due for these endpoints only: other files' tests share the database and its queue. */
const drain = (...endpointIds: string[]) => drainWebhooks({ endpointIds });

const deliveriesOf = (endpointId: string) => db().webhookDelivery.findMany({ where: { endpointId }, orderBy: { createdAt: "asc" } });

/** Makes the endpoint's waiting deliveries due now, as if their retry delay had passed. */
const makeDue = (endpointId: string) =>
  db().webhookDelivery.updateMany({ where: { endpointId, status: "pending" }, data: { nextAttemptAt: new Date(Date.now() - 60_000) } });

/** A second dispatcher in its own process, as another instance of the app would run it. */
function drainInChild(endpointIds: string[], env: Record<string, string> = {}): ChildProcess {
  const script = ["--conditions=react-server", "scripts/webhooks-drain.ts", ...endpointIds.map((id) => `--endpoint=${id}`)];
  return spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), ...script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

describe("delivery", () => {
  it("sends the event signed, as { id, type, timestamp, organizationId, data }, with no secret in data", async () => {
    const owner = await signUp();
    const hook = await endpoint(owner, "/signed", ["invitation.created", "member.added"]);
    const email = uniqueEmail("invitee");
    const { token } = await invite(owner, owner.organizationId, email, "member");
    await drain(hook.id);

    const [got] = await receiver.waitFor("/signed", 1);
    expect(got!.verified).toBe(true);
    expect(got!.headers["content-type"]).toBe("application/json");
    expect(got!.headers["webhook-id"]).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(Math.abs(Number(got!.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
    expect(got!.json).toEqual({
      id: got!.headers["webhook-id"],
      type: "invitation.created",
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      organizationId: owner.organizationId,
      data: expect.objectContaining({ actor: { id: owner.userId, type: "user" }, email, role: "member" }),
    });
    expect(got!.body).not.toContain(token);

    const [delivery] = await deliveriesOf(hook.id);
    expect(delivery).toMatchObject({
      status: "succeeded",
      attempts: 1,
      lastStatusCode: 204,
      lastError: null,
      nextAttemptAt: null,
      leaseToken: null,
    });

    const list = await api("GET", `${hooks(owner.organizationId)}/${hook.id}/deliveries`, { token: owner.access });
    expect(list.status, list.text).toBe(200);
    expect(list.body).toEqual({
      items: [
        expect.objectContaining({
          id: delivery!.id,
          eventId: got!.headers["webhook-id"],
          type: "invitation.created",
          status: "succeeded",
          attempts: 1,
          lastStatusCode: 204,
          lastError: null,
          nextAttemptAt: null,
          createdAt: expect.any(String),
        }),
      ],
      nextCursor: null,
    });
  });

  it("delivers member.added when an invitation is accepted, and user.updated when a member renames themselves", async () => {
    const owner = await signUp();
    const people = await endpoint(owner, "/people", ["member.added", "user.updated"]);
    const member = await addMember(owner, owner.organizationId, "member");
    const renamed = await api("PATCH", "/api/auth/profile", { token: member.access, json: { name: "Grace Hopper" } });
    expect(renamed.status, renamed.text).toBe(200);
    await drain(people.id);
    const got = await receiver.waitFor("/people", 2);
    const byType = Object.fromEntries(got.map((r) => [(r.json as { type: string }).type, r.json as { data: Record<string, unknown> }]));
    expect(byType["member.added"]!.data).toMatchObject({ userId: member.userId, email: member.email, role: "member", via: "invitation" });
    expect(byType["user.updated"]!.data).toMatchObject({ actor: { id: member.userId, type: "user" }, name: "Grace Hopper" });
  });

  it("sends a test event to the endpoint alone, whatever it subscribes to", async () => {
    const owner = await signUp();
    const hook = await endpoint(owner, "/ping", ["member.removed"]);
    const res = await api("POST", `${hooks(owner.organizationId)}/${hook.id}/test`, { token: owner.access });
    expect(res.status, res.text).toBe(202);
    await drain(hook.id);
    const [got] = await receiver.waitFor("/ping", 1);
    expect(got!.verified).toBe(true);
    expect(got!.json).toMatchObject({ id: res.body.eventId, type: "webhook.test", organizationId: owner.organizationId });
  });
});

describe("failures and retries", () => {
  it.each([
    ["a 500", { status: 500, body: "x".repeat(5000) }, /500/],
    ["a dropped connection", "reset" as const, /./],
  ])("retries after %s about 5 s later, keeping at most 1 KB of the answer", async (_label, mode, error) => {
    const owner = await signUp();
    const name = `/fail-${Math.random().toString(36).slice(2)}`;
    const hook = await endpoint(owner, name, ["webhook.test"]);
    receiver.setMode(name, mode);
    await api("POST", `${hooks(owner.organizationId)}/${hook.id}/test`, { token: owner.access });
    await drain(hook.id);

    const [failed] = await deliveriesOf(hook.id);
    expect(failed).toMatchObject({ status: "pending", attempts: 1 });
    expect(failed!.lastError).toMatch(error);
    const wait = (failed!.nextAttemptAt!.getTime() - Date.now()) / 1000;
    expect(wait).toBeGreaterThan(2);
    expect(wait).toBeLessThan(7);
    const attempts = await db().webhookAttempt.findMany({ where: { deliveryId: failed!.id } });
    expect(attempts).toHaveLength(1);
    expect(Buffer.byteLength(attempts[0]!.responseBody)).toBeLessThanOrEqual(1024);

    // Not due yet: a drain leaves it alone. Due, with the receiver back: delivered, same event id.
    await drain(hook.id);
    expect(receiver.received(name)).toHaveLength(1);
    receiver.setMode(name, "ok");
    await makeDue(hook.id);
    await drain(hook.id);
    const got = await receiver.waitFor(name, 2);
    expect(got[1]!.headers["webhook-id"]).toBe(got[0]!.headers["webhook-id"]);
    expect(got[1]!.verified).toBe(true);
    expect((await deliveriesOf(hook.id))[0]).toMatchObject({ status: "succeeded", attempts: 2, lastStatusCode: 204 });
  });

  it("counts a refused connection as a failure", async () => {
    const owner = await signUp();
    const closed = await startWebhookReceiver();
    const url = `${closed.url}/nobody`;
    await closed.close();
    const res = await api("POST", hooks(owner.organizationId), { token: owner.access, json: { url, events: ["webhook.test"] } });
    await api("POST", `${hooks(owner.organizationId)}/${res.body.id}/test`, { token: owner.access });
    await drain(res.body.id);
    const [delivery] = await deliveriesOf(res.body.id);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
    expect(delivery!.lastError).toMatch(/refused/i);
  });

  it("gives up after the eighth attempt; a manual retry sends it once more", async () => {
    const owner = await signUp();
    const hook = await endpoint(owner, "/last", ["webhook.test"]);
    receiver.setMode("/last", { status: 503 });
    await api("POST", `${hooks(owner.organizationId)}/${hook.id}/test`, { token: owner.access });
    const [queued] = await deliveriesOf(hook.id);
    await db().webhookDelivery.update({ where: { id: queued!.id }, data: { attempts: 7 } });
    await drain(hook.id);
    expect((await deliveriesOf(hook.id))[0]).toMatchObject({ status: "failed", attempts: 8, nextAttemptAt: null, lastStatusCode: 503 });

    receiver.setMode("/last", "ok");
    const retry = await api("POST", `${hooks(owner.organizationId)}/${hook.id}/deliveries/${queued!.id}/retry`, { token: owner.access });
    expect(retry.status, retry.text).toBe(202);
    await drain(hook.id);
    expect((await deliveriesOf(hook.id))[0]).toMatchObject({ status: "succeeded", attempts: 9 });
    expectProblem(
      await api("POST", `${hooks(owner.organizationId)}/${hook.id}/deliveries/00000000-0000-0000-0000-000000000000/retry`, {
        token: owner.access,
      }),
      404,
      "not_found",
    );
  });

  it("disables an endpoint failing for 5 days, fails its queue, records webhook.disabled and emails the owners", async () => {
    const owner = await signUp();
    const coOwner = await addMember(owner, owner.organizationId, "owner");
    const hook = await endpoint(owner, "/dead", ["webhook.test", "invitation.created"]);
    receiver.setMode("/dead", { status: 500 });
    await db().webhookEndpoint.update({ where: { id: hook.id }, data: { failingSince: new Date(Date.now() - 5 * 86_400_000 - 60_000) } });
    await invite(owner, owner.organizationId, uniqueEmail("queued"), "member");
    await api("POST", `${hooks(owner.organizationId)}/${hook.id}/test`, { token: owner.access });
    const before = new Date();
    await drain(hook.id);

    const row = await db().webhookEndpoint.findUniqueOrThrow({ where: { id: hook.id } });
    expect(row).toMatchObject({ enabled: false, disabledReason: "failing" });
    expect((await deliveriesOf(hook.id)).every((d) => d.status === "failed")).toBe(true);
    for (const person of [owner, coOwner]) {
      const mail = await latestEmailTo(person.email, { after: before, subject: /webhook endpoint .* was disabled/ });
      expect(mail.text).toContain(`${receiver.url}/dead`);
    }
    const audit = await api("GET", `/api/organizations/${owner.organizationId}/audit-log`, { token: owner.access });
    expect(audit.body.items[0]).toMatchObject({
      type: "webhook.disabled",
      actorId: null,
      metadata: { webhookId: hook.id, reason: "failing" },
    });
    const shown = await api("GET", `${hooks(owner.organizationId)}/${hook.id}`, { token: owner.access });
    expect(shown.body).toMatchObject({ enabled: false, disabledReason: "failing" });

    // Turned back on: the count of failures starts over.
    const on = await api("PATCH", `${hooks(owner.organizationId)}/${hook.id}`, { token: owner.access, json: { enabled: true } });
    expect(on.body).toMatchObject({ enabled: true, disabledReason: null });
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: hook.id } })).failingSince).toBeNull();
  });

  it("a success ends the endpoint's run of failures", async () => {
    const owner = await signUp();
    const hook = await endpoint(owner, "/recovers", ["webhook.test"]);
    await db().webhookEndpoint.update({ where: { id: hook.id }, data: { failingSince: new Date(Date.now() - 86_400_000) } });
    await api("POST", `${hooks(owner.organizationId)}/${hook.id}/test`, { token: owner.access });
    await drain(hook.id);
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: hook.id } })).failingSince).toBeNull();
  });
});

describe("several dispatchers, and one that dies", () => {
  it("a dispatcher killed mid-send leaves the delivery to be sent exactly once more after its lease", async () => {
    const owner = await signUp();
    const hook = await endpoint(owner, "/killed", ["webhook.test"]);
    receiver.setMode("/killed", "timeout");
    await api("POST", `${hooks(owner.organizationId)}/${hook.id}/test`, { token: owner.access });

    const child = drainInChild([hook.id], { WEBHOOKS_LEASE_SECONDS: "3" });
    const gone = exited(child);
    await receiver.waitFor("/killed", 1, 20_000);
    child.kill("SIGKILL");
    await gone;

    const [claimed] = await deliveriesOf(hook.id);
    expect(claimed).toMatchObject({ status: "pending", attempts: 1 });
    expect(claimed!.leaseToken).not.toBeNull();
    receiver.setMode("/killed", "ok");
    // Within the lease nobody takes it; after it, the next drain does.
    await drain(hook.id);
    expect(receiver.received("/killed")).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, claimed!.nextAttemptAt!.getTime() - Date.now()) + 200));
    await drain(hook.id);
    await drain(hook.id);

    const got = receiver.received("/killed");
    expect(got).toHaveLength(2);
    expect(got[1]!.headers["webhook-id"]).toBe(got[0]!.headers["webhook-id"]);
    expect((await deliveriesOf(hook.id))[0]).toMatchObject({ status: "succeeded", attempts: 2, leaseToken: null });
  });

  it("two dispatchers in two processes draining one queue send each delivery once", async () => {
    const owner = await signUp();
    const names = Array.from({ length: 10 }, (_, i) => `/pair-${i}`);
    const endpoints = [];
    for (const name of names) endpoints.push(await endpoint(owner, name, ["org.updated"]));
    // 20 events, each queued for the 10 endpoints, before either dispatcher starts.
    for (let round = 0; round < 20; round++) {
      await emit(undefined, { type: "org.updated", organizationId: owner.organizationId, actorId: owner.userId, metadata: { round } });
    }
    const child = drainInChild(endpoints.map((e) => e.id));
    const [childCode] = await Promise.all([exited(child), drain(...endpoints.map((e) => e.id))]);
    expect(childCode).toBe(0);
    // On a loaded machine an attempt can fail on its own (a pooled connection the receiver had
    // just closed): it is scheduled again, as it should be. Let those retries run.
    for (let round = 0; round < 3; round++) {
      for (const hook of endpoints) await makeDue(hook.id);
      await drain(...endpoints.map((e) => e.id));
    }

    for (const [i, name] of names.entries()) {
      const got = receiver.received(name);
      const rows = await deliveriesOf(endpoints[i]!.id);
      expect(rows).toHaveLength(20);
      expect(got.every((r) => r.verified)).toBe(true);
      for (const delivery of rows) {
        expect(delivery.status).toBe("succeeded");
        // Never sent by both dispatchers at once: every request the receiver saw is an attempt the
        // delivery's log recorded (a second claimant's send would reach the receiver unrecorded).
        const receipts = got.filter((r) => r.headers["webhook-id"] === delivery.eventId).length;
        const logged = await db().webhookAttempt.count({ where: { deliveryId: delivery.id } });
        expect(receipts).toBeGreaterThanOrEqual(1);
        expect(receipts).toBeLessThanOrEqual(logged);
      }
    }
  });
});
