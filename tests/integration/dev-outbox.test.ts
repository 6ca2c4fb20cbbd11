// The development outbox holds every code and reset link the app "sent", so it is served to
// clients on this machine only. `npm start` listens on every interface: before this test's fix,
// anyone who reached the port could request a reset for any account and read the link here.
// The requests below go through the launcher's own HTTP server (scripts/lib/app-server.ts) to the
// real /dev/outbox/latest route, over real sockets from the loopback and from a LAN address.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/dev/outbox/latest/route";
import { resetConfigForTests } from "@/lib/config/env";
import { writeToOutbox } from "@/lib/mail/outbox";
import { createAppServer } from "../../scripts/lib/app-server";

const saved = { ui: process.env.MAIL_OUTBOX_UI, key: process.env.RESEND_API_KEY, dir: process.env.MAIL_OUTBOX_DIR };
const outboxDir = mkdtempSync(path.join(os.tmpdir(), "outbox-"));
const lanAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i && i.family === "IPv4" && !i.internal)?.address;

// What Next does with the launcher's request, reduced to this one route.
async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const response = await GET(new NextRequest(new URL(req.url!, "http://localhost:3000"), { headers }));
  res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "" });
  res.end(await response.text());
}

let direct: http.Server; // TRUST_PROXY unset: the launcher overwrites X-Forwarded-For
let behindProxy: http.Server; // TRUST_PROXY=true: the header passes through

async function listen(server: http.Server) {
  await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
  return (server.address() as AddressInfo).port;
}

function get(server: http.Server, from: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    // Connect to the address we send from, so the server's socket sees exactly that peer.
    const req = http.get({ host: from, localAddress: from, port, path: "/dev/outbox/latest?to=victim@example.test", headers }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, body }));
    });
    req.on("error", reject);
  });
}

beforeAll(async () => {
  Object.assign(process.env, { MAIL_OUTBOX_UI: "true", MAIL_OUTBOX_DIR: outboxDir });
  delete process.env.RESEND_API_KEY;
  resetConfigForTests();
  await writeToOutbox({
    to: ["victim@example.test"],
    subject: "Reset your password",
    html: "",
    text: "https://app/reset-password/secret-token",
  });
  direct = createAppServer(handle, { trustProxy: false });
  behindProxy = createAppServer(handle, { trustProxy: true });
  await listen(direct);
  await listen(behindProxy);
});

afterAll(() => {
  direct?.close();
  behindProxy?.close();
  for (const [name, value] of [
    ["MAIL_OUTBOX_UI", saved.ui],
    ["RESEND_API_KEY", saved.key],
    ["MAIL_OUTBOX_DIR", saved.dir],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetConfigForTests();
  rmSync(outboxDir, { recursive: true, force: true });
});

describe("the development outbox", () => {
  it("shows the mail to a client on this machine", async () => {
    const res = await get(direct, "127.0.0.1");
    expect(res.status).toBe(200);
    expect(res.body).toContain("secret-token");
  });

  it.skipIf(!lanAddress)("is not found from another address, even with a forged loopback X-Forwarded-For", async () => {
    const attempts: Record<string, string>[] = [{}, { "x-forwarded-for": "127.0.0.1" }, { "x-real-ip": "127.0.0.1" }];
    for (const headers of attempts) {
      const res = await get(direct, lanAddress!, headers);
      expect(res.status, JSON.stringify(headers)).toBe(404);
      expect(res.body).not.toContain("secret-token");
    }
    // Behind a trusted proxy the header is believed for rate limits, never for the outbox.
    const proxied = await get(behindProxy, lanAddress!, { "x-forwarded-for": "127.0.0.1" });
    expect(proxied.status).toBe(404);
  });

  it("is not found through a local proxy or tunnel, which makes every visitor's socket look local", async () => {
    const res = await get(behindProxy, "127.0.0.1", { "x-forwarded-for": "203.0.113.9" });
    expect(res.status).toBe(404);
    expect(res.body).not.toContain("secret-token");
  });

  it("is not found outside the launcher (e.g. `next start`), where no socket is known", async () => {
    const request = new NextRequest("http://localhost:3000/dev/outbox/latest?to=victim@example.test", {
      headers: { "x-forwarded-for": "127.0.0.1" },
    });
    const res = await GET(request);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("secret-token");
  });
});
