// The bench's receiver decides whether the dispatcher scenario counts a delivery as lost, doubled
// or badly signed: what it counts is checked here against requests whose answer is known.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { SAMPLE_EVERY, startBenchReceiver, type BenchReceiver } from "./receiver";

const SECRET = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
const OTHER = `whsec_${Buffer.alloc(32, 9).toString("base64")}`;

let receiver: BenchReceiver;
beforeAll(async () => {
  receiver = await startBenchReceiver();
  receiver.setSecret("/a", SECRET);
});
afterAll(() => receiver.close());

async function deliver(path: string, id: string, secret = SECRET) {
  const body = JSON.stringify({ id, type: "org.updated" });
  const at = new Date();
  const res = await fetch(`${receiver.url}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign(id, at, body),
    },
    body,
  });
  return res.status;
}

describe("the bench's webhook receiver", () => {
  it("answers 204 and counts each path's requests and distinct webhook-ids", async () => {
    receiver.reset();
    expect(await deliver("/a", "evt_1")).toBe(204);
    await deliver("/a", "evt_2");
    await deliver("/a", "evt_2");
    await deliver("/b", "evt_1");
    expect(receiver.count("/a").requests).toBe(3);
    expect(receiver.count("/a").ids.size).toBe(2);
    expect(receiver.count("/b").ids.size).toBe(1);
    const span = receiver.span(["/a", "/b"])!;
    expect(span.last).toBeGreaterThan(span.first);
    await receiver.waitForIds(["/a", "/b"], 3, 1000);
    await expect(receiver.waitForIds(["/a"], 3, 100)).rejects.toThrow("got 2 of 3");
  });

  it(`verifies one request in ${SAMPLE_EVERY}, and counts a signature that does not verify`, async () => {
    receiver.reset();
    for (let i = 0; i < SAMPLE_EVERY; i++) await deliver("/a", `evt_good_${i}`);
    expect(receiver.verified()).toEqual({ checked: 1, failed: 0 });
    for (let i = 0; i < SAMPLE_EVERY; i++) await deliver("/a", `evt_bad_${i}`, OTHER);
    expect(receiver.verified()).toEqual({ checked: 2, failed: 1 });
  });
});
