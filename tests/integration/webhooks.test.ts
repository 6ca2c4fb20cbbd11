// Webhook endpoints through the API (API.md, "Webhooks"): who may manage them, what is stored,
// the secret shown once and rotated, the URL rule (SSRF) at creation, and the events that reach
// the outbox in the change's own transaction. Sending is webhooks-dispatch.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { emit } from "@/lib/events/emit";
import { drainWebhooks } from "@/lib/webhooks/dispatcher";
import { api, expectProblem } from "../support/api";
import { signUp } from "../support/accounts";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";
import { addMember, createKey, invite } from "./organizations-fixtures";

const hooks = (orgId: string) => `/api/organizations/${orgId}/webhooks`;

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});

/** Runs `work` with private addresses refused, as in production. */
async function withAddressRule<T>(work: () => Promise<T>): Promise<T> {
  process.env.WEBHOOKS_ALLOW_PRIVATE_URLS = "false";
  resetConfigForTests();
  try {
    return await work();
  } finally {
    delete process.env.WEBHOOKS_ALLOW_PRIVATE_URLS;
    resetConfigForTests();
  }
}

describe("POST /api/organizations/{orgId}/webhooks", () => {
  it("answers the endpoint with its secret once, stores the secret sealed, and never lists it", async () => {
    const owner = await signUp();
    const res = await api("POST", hooks(owner.organizationId), {
      token: owner.access,
      json: { url: `${receiver.url}/a`, events: ["member.added", "invitation.created", "member.added"], description: "CRM sync" },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body).toEqual({
      id: expect.any(String),
      url: `${receiver.url}/a`,
      events: ["invitation.created", "member.added"],
      description: "CRM sync",
      enabled: true,
      disabledReason: null,
      createdById: owner.userId,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    const row = await db().webhookEndpoint.findUniqueOrThrow({ where: { id: res.body.id } });
    const secretBytes = res.body.secret.slice("whsec_".length);
    expect(JSON.stringify(row)).not.toContain(secretBytes);
    expect(row.secretBox).toMatch(/^v2\./);

    const list = await api("GET", hooks(owner.organizationId), { token: owner.access });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: res.body.id, url: `${receiver.url}/a` })]);
    expect(list.text).not.toContain(secretBytes);
    expect(list.body.items[0]).not.toHaveProperty("secret");

    const audit = await api("GET", `/api/organizations/${owner.organizationId}/audit-log`, { token: owner.access });
    expect(audit.body.items[0]).toMatchObject({ type: "webhook.created", actorId: owner.userId, metadata: { webhookId: res.body.id } });
  });

  it('takes ["*"] for every type, and refuses unknown types, an empty list and types webhooks never carry', async () => {
    const owner = await signUp();
    const all = await api("POST", hooks(owner.organizationId), {
      token: owner.access,
      json: { url: `${receiver.url}/all`, events: ["member.removed", "*"] },
    });
    expect(all.status, all.text).toBe(201);
    expect(all.body.events).toEqual(["*"]);
    for (const events of [[], ["member.exploded"], ["login.failed"], ["api_key.used"], "member.added", [42]]) {
      const res = await api("POST", hooks(owner.organizationId), { token: owner.access, json: { url: `${receiver.url}/x`, events } });
      if (events === "member.added") {
        expect(res.status, res.text).toBe(201); // one type alone is read as a list of one
        continue;
      }
      expectProblem(res, 422, "validation_failed");
      expect(Object.keys(res.body.errors).every((key) => key.startsWith("events"))).toBe(true);
    }
  });

  it("is for admins and owners (and keys with organization:update); members and other organizations are refused", async () => {
    const owner = await signUp();
    const admin = await addMember(owner, owner.organizationId, "admin");
    const member = await addMember(owner, owner.organizationId, "member");
    const stranger = await signUp();
    const body = { url: `${receiver.url}/roles`, events: ["*"] };

    expect((await api("POST", hooks(owner.organizationId), { token: admin.access, json: body })).status).toBe(201);
    expectProblem(await api("POST", hooks(owner.organizationId), { token: member.access, json: body }), 403, "forbidden");
    expectProblem(await api("GET", hooks(owner.organizationId), { token: member.access }), 403, "forbidden");
    expectProblem(await api("GET", hooks(owner.organizationId), { token: stranger.access }), 404, "not_found");

    const key = await createKey(owner, owner.organizationId, { name: "hooks", permissions: ["organization:update", "audit_log:read"] });
    expect((await api("GET", hooks(owner.organizationId), { apiKey: key.key })).status).toBe(200);
    const viaKey = await api("POST", hooks(owner.organizationId), { apiKey: key.key, json: body });
    expect(viaKey.status, viaKey.text).toBe(201);
    expect(viaKey.body.createdById).toBe(owner.userId); // the key's creator answers for it
    // An endpoint receives the audit trail: a key that may not read the log may not subscribe to it.
    const updateOnly = await createKey(owner, owner.organizationId, { name: "upd", permissions: ["organization:update"] });
    expectProblem(await api("POST", hooks(owner.organizationId), { apiKey: updateOnly.key, json: body }), 403, "forbidden");
    const readOnly = await createKey(owner, owner.organizationId, { name: "ro", permissions: ["organization:read"] });
    expectProblem(await api("GET", hooks(owner.organizationId), { apiKey: readOnly.key }), 403, "forbidden");

    // Another organization's endpoint is not found, whoever asks.
    const other = await signUp();
    const theirs = await api("POST", hooks(other.organizationId), { token: other.access, json: body });
    for (const [method, path] of [
      ["GET", `${hooks(owner.organizationId)}/${theirs.body.id}`],
      ["PATCH", `${hooks(owner.organizationId)}/${theirs.body.id}`],
      ["DELETE", `${hooks(owner.organizationId)}/${theirs.body.id}`],
      ["POST", `${hooks(owner.organizationId)}/${theirs.body.id}/rotate-secret`],
      ["POST", `${hooks(owner.organizationId)}/${theirs.body.id}/test`],
      ["GET", `${hooks(owner.organizationId)}/${theirs.body.id}/deliveries`],
    ] as const) {
      const res = await api(method, path, { token: owner.access, ...(method === "PATCH" ? { json: { enabled: false } } : {}) });
      expectProblem(res, 404, "not_found");
    }
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: theirs.body.id } })).enabled).toBe(true);
  });

  it("turns off the endpoints of an admin who is removed or demoted; another admin may turn them back on", async () => {
    const owner = await signUp();
    const leaving = await addMember(owner, owner.organizationId, "admin", "leaving");
    const demoted = await addMember(owner, owner.organizationId, "admin", "demoted");
    const theirs = await api("POST", hooks(owner.organizationId), {
      token: leaving.access,
      json: { url: `${receiver.url}/left`, events: ["*"] },
    });
    const other = await api("POST", hooks(owner.organizationId), {
      token: demoted.access,
      json: { url: `${receiver.url}/demoted`, events: ["*"] },
    });
    expect(theirs.body.createdById).toBe(leaving.userId);

    expect(
      (await api("DELETE", `/api/organizations/${owner.organizationId}/members/${leaving.userId}`, { token: owner.access })).status,
    ).toBe(204);
    const role = await api("PATCH", `/api/organizations/${owner.organizationId}/members/${demoted.userId}`, {
      token: owner.access,
      json: { role: "member" },
    });
    expect(role.status, role.text).toBe(200);

    for (const id of [theirs.body.id, other.body.id]) {
      const shown = await api("GET", `${hooks(owner.organizationId)}/${id}`, { token: owner.access });
      expect(shown.body).toMatchObject({ enabled: false, disabledReason: "creator_removed" });
    }
    // Nothing more reaches the removed admin's receiver.
    await invite(owner, owner.organizationId, `after-${Date.now()}@example.test`, "member");
    expect(await db().webhookDelivery.count({ where: { endpointId: theirs.body.id, status: "pending" } })).toBe(0);
    const audit = await api("GET", `/api/organizations/${owner.organizationId}/audit-log`, { token: owner.access });
    expect(audit.body.items.filter((e: { type: string }) => e.type === "webhook.disabled")).toHaveLength(2);

    const back = await api("PATCH", `${hooks(owner.organizationId)}/${theirs.body.id}`, { token: owner.access, json: { enabled: true } });
    expect(back.body).toMatchObject({ enabled: true, disabledReason: null, createdById: owner.userId });
  });

  it("deletes endpoints concurrently without a 500", async () => {
    const owner = await signUp();
    const created = [];
    for (let i = 0; i < 6; i++) {
      created.push(
        await api("POST", hooks(owner.organizationId), { token: owner.access, json: { url: `${receiver.url}/d${i}`, events: ["*"] } }),
      );
    }
    const results = await Promise.all(
      created.map((c) => api("DELETE", `${hooks(owner.organizationId)}/${c.body.id}`, { token: owner.access })),
    );
    expect(results.map((r) => r.status)).toEqual(created.map(() => 204));
  });

  it("allows 20 endpoints per organization, even asked for at once", async () => {
    const owner = await signUp();
    const results = await Promise.all(
      Array.from({ length: 22 }, (_, i) =>
        api("POST", hooks(owner.organizationId), { token: owner.access, json: { url: `${receiver.url}/n${i}`, events: ["*"] } }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(20);
    for (const refused of results.filter((r) => r.status !== 201)) expectProblem(refused, 409, "conflict");
  });
});

describe("the URL rule (SSRF)", () => {
  const refused = [
    "http://127.0.0.1:9/hook",
    "https://127.0.0.1/hook",
    "https://[::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://169.254.169.254/latest/meta-data/",
    "https://10.0.0.1/hook",
    "https://192.168.1.10/hook",
    "https://100.64.0.1/hook",
    "https://localhost/hook",
    "https://2130706433/hook",
    "https://0x7f.1/hook",
  ];

  it.each(refused)("refuses %s at creation with 422, without a request to it", async (url) => {
    await withAddressRule(async () => {
      const owner = await signUp();
      const res = await api("POST", hooks(owner.organizationId), { token: owner.access, json: { url, events: ["*"] } });
      expectProblem(res, 422, "validation_failed");
      expect(res.body.errors.url[0]).toBeTruthy();
    });
  });

  it("refuses other schemes, user:password@, fragments and control characters, and stores the URL as it is dialled", async () => {
    const owner = await signUp();
    const normalized = await api("POST", hooks(owner.organizationId), {
      token: owner.access,
      json: { url: `${receiver.url.toUpperCase().replace("HTTP", "http")}/a b`, events: ["*"] },
    });
    expect(normalized.status, normalized.text).toBe(201);
    expect(normalized.body.url).toBe(`${receiver.url}/a%20b`);
    const bad = [
      "ftp://example.com/x",
      "https://user:pw@example.com/x",
      "https://example.com/x#frag",
      "not a url",
      "https://example.com/\u0000",
      "https://example.com/\ud800",
      "https://example.com/a\r\nX-Injected: 1",
    ];
    for (const url of bad) {
      const res = await api("POST", hooks(owner.organizationId), { token: owner.access, json: { url, events: ["*"] } });
      expectProblem(res, 422, "validation_failed");
    }
  });

  it("checks a changed URL too", async () => {
    const owner = await signUp();
    const created = await api("POST", hooks(owner.organizationId), {
      token: owner.access,
      json: { url: `${receiver.url}/c`, events: ["*"] },
    });
    await withAddressRule(async () => {
      const res = await api("PATCH", `${hooks(owner.organizationId)}/${created.body.id}`, {
        token: owner.access,
        json: { url: "https://169.254.169.254/" },
      });
      expectProblem(res, 422, "validation_failed");
    });
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: created.body.id } })).url).toBe(`${receiver.url}/c`);
  });

  it("refuses at delivery an address that became forbidden after creation: the delivery fails, nothing is sent", async () => {
    const owner = await signUp();
    const created = await api("POST", hooks(owner.organizationId), {
      token: owner.access,
      json: { url: `${receiver.url}/rebind`, events: ["webhook.test"] },
    });
    await withAddressRule(async () => {
      expect((await api("POST", `${hooks(owner.organizationId)}/${created.body.id}/test`, { token: owner.access })).status).toBe(202);
      await drainWebhooks({ endpointIds: [created.body.id] });
    });
    const [delivery] = await db().webhookDelivery.findMany({ where: { endpointId: created.body.id } });
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
    expect(delivery!.lastError).toMatch(/loopback/);
    expect(receiver.received("/rebind")).toHaveLength(0);
  });

  it("does not follow a redirect, to loopback or anywhere", async () => {
    const target = await startWebhookReceiver();
    try {
      const owner = await signUp();
      receiver.setMode("/redirect", { redirect: `${target.url}/internal` });
      const created = await api("POST", hooks(owner.organizationId), {
        token: owner.access,
        json: { url: `${receiver.url}/redirect`, events: ["webhook.test"] },
      });
      await api("POST", `${hooks(owner.organizationId)}/${created.body.id}/test`, { token: owner.access });
      await drainWebhooks({ endpointIds: [created.body.id] });
      const [delivery] = await db().webhookDelivery.findMany({ where: { endpointId: created.body.id } });
      expect(delivery).toMatchObject({ status: "pending", lastStatusCode: 302 });
      expect(receiver.received("/redirect")).toHaveLength(1);
      expect(target.received()).toHaveLength(0);
    } finally {
      await target.close();
    }
  });
});

describe("PATCH, DELETE and rotate-secret", () => {
  it("changes fields, records webhook.updated, and a disabled endpoint's pending deliveries fail with it", async () => {
    const owner = await signUp();
    receiver.setMode("/patch", { status: 500 });
    const created = await api("POST", hooks(owner.organizationId), {
      token: owner.access,
      json: { url: `${receiver.url}/patch`, events: ["*"] },
    });
    await invite(owner, owner.organizationId, `p-${Date.now()}@example.test`, "member");
    const res = await api("PATCH", `${hooks(owner.organizationId)}/${created.body.id}`, {
      token: owner.access,
      json: { enabled: false, description: "paused", events: ["member.removed"] },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ enabled: false, description: "paused", events: ["member.removed"], disabledReason: null });
    const deliveries = await db().webhookDelivery.findMany({ where: { endpointId: created.body.id } });
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.every((d) => d.status === "failed" && d.lastError === "endpoint disabled")).toBe(true);

    // Off: new events queue nothing for it, and a test or retry says why.
    await invite(owner, owner.organizationId, `q-${Date.now()}@example.test`, "member");
    expect(await db().webhookDelivery.count({ where: { endpointId: created.body.id } })).toBe(deliveries.length);
    expectProblem(await api("POST", `${hooks(owner.organizationId)}/${created.body.id}/test`, { token: owner.access }), 409, "conflict");
    const retry = await api("POST", `${hooks(owner.organizationId)}/${created.body.id}/deliveries/${deliveries[0]!.id}/retry`, {
      token: owner.access,
    });
    expectProblem(retry, 409, "conflict");

    const audit = await api("GET", `/api/organizations/${owner.organizationId}/audit-log`, { token: owner.access });
    expect(audit.body.items.find((e: { type: string }) => e.type === "webhook.updated")).toMatchObject({
      metadata: { webhookId: created.body.id, changed: ["events", "description", "enabled"], enabled: false },
    });
    expectProblem(
      await api("PATCH", `${hooks(owner.organizationId)}/${created.body.id}`, { token: owner.access, json: {} }),
      422,
      "validation_failed",
    );
  });

  it("deletes the endpoint and its queue: nothing more is sent to it", async () => {
    const owner = await signUp();
    const created = await api("POST", hooks(owner.organizationId), {
      token: owner.access,
      json: { url: `${receiver.url}/gone`, events: ["*"] },
    });
    await invite(owner, owner.organizationId, `g-${Date.now()}@example.test`, "member");
    expect(await db().webhookDelivery.count({ where: { endpointId: created.body.id } })).toBeGreaterThan(0);
    const res = await api("DELETE", `${hooks(owner.organizationId)}/${created.body.id}`, { token: owner.access });
    expect(res.status).toBe(204);
    expect(await db().webhookDelivery.count({ where: { endpointId: created.body.id } })).toBe(0);
    await drainWebhooks({ endpointIds: [created.body.id] });
    expect(receiver.received("/gone")).toHaveLength(0);
    expectProblem(await api("GET", `${hooks(owner.organizationId)}/${created.body.id}`, { token: owner.access }), 404, "not_found");
    const audit = await api("GET", `/api/organizations/${owner.organizationId}/audit-log`, { token: owner.access });
    expect(audit.body.items[0]).toMatchObject({ type: "webhook.deleted", metadata: { webhookId: created.body.id } });
  });

  it("rotates the secret: both signatures for 24 hours, then only the new one", async () => {
    const owner = await signUp();
    const created = await api("POST", hooks(owner.organizationId), {
      token: owner.access,
      json: { url: `${receiver.url}/rotate`, events: ["webhook.test"] },
    });
    const rotated = await api("POST", `${hooks(owner.organizationId)}/${created.body.id}/rotate-secret`, { token: owner.access });
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.headers.get("cache-control")).toBe("no-store");
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    receiver.setSecrets("/rotate", [rotated.body.secret, created.body.secret]);

    await api("POST", `${hooks(owner.organizationId)}/${created.body.id}/test`, { token: owner.access });
    await drainWebhooks({ endpointIds: [created.body.id] });
    const [during] = await receiver.waitFor("/rotate", 1);
    expect(during!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(during!.verifiedWith).toEqual([0, 1]);

    await db().webhookEndpoint.update({ where: { id: created.body.id }, data: { previousSecretUntil: new Date(Date.now() - 1000) } });
    await api("POST", `${hooks(owner.organizationId)}/${created.body.id}/test`, { token: owner.access });
    await drainWebhooks({ endpointIds: [created.body.id] });
    const after = (await receiver.waitFor("/rotate", 2))[1]!;
    expect(after.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    expect(after.verifiedWith).toEqual([0]);

    const audit = await api("GET", `/api/organizations/${owner.organizationId}/audit-log`, { token: owner.access });
    expect(audit.body.items.map((e: { type: string }) => e.type)).toContain("webhook.secret_rotated");
  });
});

describe("the outbox", () => {
  it("queues nothing when the change's transaction rolls back", async () => {
    const owner = await signUp();
    const created = await api("POST", hooks(owner.organizationId), {
      token: owner.access,
      json: { url: `${receiver.url}/tx`, events: ["*"] },
    });
    await expect(
      db().$transaction(async (tx) => {
        await emit(tx, { type: "org.updated", organizationId: owner.organizationId, actorId: owner.userId, metadata: { name: "x" } });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db().webhookDelivery.count({ where: { endpointId: created.body.id } })).toBe(0);
    expect(await db().webhookEvent.count({ where: { organizationId: owner.organizationId, type: "org.updated" } })).toBe(0);

    await db().$transaction((tx) =>
      emit(tx, { type: "org.updated", organizationId: owner.organizationId, actorId: owner.userId, metadata: { name: "y" } }),
    );
    expect(await db().webhookDelivery.count({ where: { endpointId: created.body.id } })).toBe(1);
  });

  it("queues only subscribed types, for the organization's own endpoints, never login.failed or api_key.used", async () => {
    const owner = await signUp();
    const other = await signUp();
    const mine = await api("POST", hooks(owner.organizationId), {
      token: owner.access,
      json: { url: `${receiver.url}/mine`, events: ["invitation.created"] },
    });
    const all = await api("POST", hooks(owner.organizationId), {
      token: owner.access,
      json: { url: `${receiver.url}/mine-all`, events: ["*"] },
    });
    const theirs = await api("POST", hooks(other.organizationId), {
      token: other.access,
      json: { url: `${receiver.url}/theirs`, events: ["*"] },
    });

    await invite(owner, owner.organizationId, `s-${Date.now()}@example.test`, "member");
    await api("POST", "/api/auth/login", { json: { email: owner.email, password: "wrong password 1" } });
    const key = await createKey(owner, owner.organizationId, { name: "k" });
    await api("GET", `/api/organizations/${owner.organizationId}/members`, { apiKey: key.key });

    const types = async (endpointId: string) =>
      (await db().webhookDelivery.findMany({ where: { endpointId }, include: { event: true } })).map((d) => d.event.type).sort();
    expect(await types(mine.body.id)).toEqual(["invitation.created"]);
    const everything = await types(all.body.id);
    expect(everything).toEqual(expect.arrayContaining(["invitation.created", "api_key.created"]));
    expect(everything).not.toContain("login.failed");
    expect(everything).not.toContain("api_key.used");
    expect(await types(theirs.body.id)).toEqual([]);
  });
});
