import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/support/webhook-receiver";
import { postWebhook, type PostOptions } from "./post";

// The receiver the integration and e2e tests rely on (tests/support/webhook-receiver.ts): it
// lives here because the unit project only collects lib/**; its answers are driven through
// postWebhook, which the receiver exists to test.

const LENIENT: PostOptions = { allowPrivate: true, requireHttps: false };
const secret = () => `whsec_${randomBytes(24).toString("base64")}`;

function signed(body: string, secrets: string[], at = new Date()): Record<string, string> {
  const id = `msg_${randomBytes(6).toString("hex")}`;
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": secrets.map((s) => new Webhook(s).sign(id, at, body)).join(" "),
  };
}

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());
afterEach(() => receiver.reset());

describe("webhook receiver", () => {
  const body = JSON.stringify({ type: "member.added", data: { id: 7 } });

  it("records a signed delivery and says which secret verifies it", async () => {
    const current = secret();
    receiver.setSecrets("/a", [current]);
    await postWebhook(`${receiver.url}/a?attempt=1`, body, signed(body, [current]), LENIENT);
    const hit = (await receiver.waitFor("/a", 1))[0]!;
    expect(hit).toMatchObject({ path: "/a", body, json: { type: "member.added", data: { id: 7 } }, verified: true, verifiedWith: [0] });
    expect(hit.headers["webhook-id"]).toMatch(/^msg_/);
    expect(hit.at).toBeInstanceOf(Date);
  });

  it("tells the secrets of a rotation apart", async () => {
    const [old, next, other] = [secret(), secret(), secret()];
    receiver.setSecrets("/rot", [old, next]);
    await postWebhook(`${receiver.url}/rot`, body, signed(body, [old, next]), LENIENT);
    await postWebhook(`${receiver.url}/rot`, body, signed(body, [next]), LENIENT);
    await postWebhook(`${receiver.url}/rot`, body, signed(body, [other]), LENIENT);
    const hits = await receiver.waitFor("/rot", 3);
    expect(hits.map((h) => [h.verified, h.verifiedWith])).toEqual([
      [true, [0, 1]],
      [true, [1]],
      [false, []],
    ]);
  });

  it("does not verify a tampered body, a stale timestamp or a path without secrets", async () => {
    const key = secret();
    receiver.setSecrets("/v", [key]);
    await postWebhook(`${receiver.url}/v`, `${body} `, signed(body, [key]), LENIENT);
    await postWebhook(`${receiver.url}/v`, body, signed(body, [key], new Date(Date.now() - 10 * 60_000)), LENIENT);
    await postWebhook(`${receiver.url}/unset`, body, signed(body, [key]), LENIENT);
    expect((await receiver.waitFor("/v", 2)).map((h) => h.verified)).toEqual([false, false]);
    expect(receiver.received("/unset")[0]!).toMatchObject({ verified: false, verifiedWith: [] });
    expect(receiver.received()).toHaveLength(3);
  });

  it("answers in each mode", async () => {
    receiver.setMode("/status", { status: 410, body: "gone" });
    receiver.setMode("/reset", "reset");
    receiver.setMode("/redirect", { redirect: "http://127.0.0.1:1/elsewhere" });
    receiver.setMode("/huge", "huge");
    receiver.setMode("/timeout", "timeout");
    receiver.setMode("/slow", "slow-body");
    const post = (path: string, timeoutMs?: number) => postWebhook(`${receiver.url}${path}`, body, {}, { ...LENIENT, timeoutMs });
    expect(await post("/ok")).toMatchObject({ statusCode: 204, ok: true });
    expect(await post("/status")).toMatchObject({ statusCode: 410, error: "HTTP 410", responseBody: "gone" });
    expect(await post("/reset")).toMatchObject({ statusCode: null, error: "connection reset" });
    expect(await post("/redirect")).toMatchObject({ statusCode: 302, error: "redirect not followed (302)" });
    expect(await post("/huge")).toMatchObject({ statusCode: 200, ok: true, responseBody: "x".repeat(1024) });
    expect(await post("/timeout", 150)).toMatchObject({ statusCode: null, error: "timeout after 150 ms" });
    expect(await post("/slow", 1500)).toMatchObject({ statusCode: 200, error: "timeout after 1500 ms", responseBody: "." });
    expect(receiver.received().map((r) => r.path)).toEqual(["/ok", "/status", "/reset", "/redirect", "/huge", "/timeout", "/slow"]);
  });

  it("waitFor rejects with the count it saw", async () => {
    await expect(receiver.waitFor("/never", 1, 50)).rejects.toThrow("/never received 0 of 1 expected webhooks within 50 ms");
  });

  it("reset forgets deliveries, secrets and modes", async () => {
    const key = secret();
    receiver.setSecrets("/r", [key]);
    receiver.setMode("/r", { status: 500 });
    await postWebhook(`${receiver.url}/r`, body, signed(body, [key]), LENIENT);
    receiver.reset();
    expect(receiver.received()).toEqual([]);
    expect(await postWebhook(`${receiver.url}/r`, body, signed(body, [key]), LENIENT)).toMatchObject({ statusCode: 204 });
    expect(receiver.received("/r")[0]!.verified).toBe(false);
  });
});
