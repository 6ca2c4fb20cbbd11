import { describe, expect, it } from "vitest";
import { readJsonBody } from "./body";

const request = (body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) =>
  new Request("http://localhost/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("readJsonBody", () => {
  it("parses JSON, and reads an empty body as undefined", async () => {
    expect(await readJsonBody(request('{"a":1}'), 100)).toEqual({ a: 1 });
    expect(await readJsonBody(request(""), 100)).toBeUndefined();
  });

  it("accepts +json media types and charset parameters", async () => {
    expect(await readJsonBody(request("[1]", { "content-type": "application/merge-patch+json; charset=utf-8" }), 100)).toEqual([1]);
  });

  it.each([
    ["text/plain", "unsupported_media_type"],
    ["application/x-www-form-urlencoded", "unsupported_media_type"],
    ["application/jsonp", "unsupported_media_type"],
  ])("refuses %s", async (type, code) => {
    await expect(readJsonBody(request("{}", { "content-type": type }), 100)).rejects.toMatchObject({ code });
  });

  it("refuses malformed JSON with invalid_json", async () => {
    await expect(readJsonBody(request("{oops"), 100)).rejects.toMatchObject({ code: "invalid_json", status: 400 });
  });

  it("cuts off a body over the limit even when Content-Length lies", async () => {
    const big = "x".repeat(200);
    await expect(readJsonBody(request(JSON.stringify(big)), 100)).rejects.toMatchObject({ code: "payload_too_large", status: 413 });
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode("x".repeat(50)));
        controller.close();
      },
    });
    await expect(readJsonBody(request(stream, { "content-type": "application/json", "content-length": "5" }), 100)).rejects.toMatchObject({
      code: "payload_too_large",
    });
  });
});
