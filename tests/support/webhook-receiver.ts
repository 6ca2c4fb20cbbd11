import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Webhook } from "standardwebhooks";

// A webhook receiver for the integration and e2e tests: records every request by path, checks
// its Standard Webhooks signature against the path's secrets, and answers the way a test asks,
// including the hostile or broken ways (never answering, trickling, resetting, redirecting,
// flooding) the sender must survive.

export interface Received {
  path: string;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
  json: unknown;
  /** `new Webhook(secret).verify(body, headers)` succeeded with at least one of the path's secrets. */
  verified: boolean;
  /** Indexes of the path's secrets that verify at least one v1 signature (timestamp tolerance included). */
  verifiedWith: number[];
  at: Date;
}

export type ReceiverMode =
  | "ok" // 204
  | { status: number; body?: string }
  | "timeout" // accept, never answer
  | "slow-body" // 200 headers, then one byte a second
  | "reset" // destroy the socket once the request is read
  | { redirect: string } // 302 Location
  | "huge"; // 200 with a 5 MB body

export interface WebhookReceiver {
  /** Base URL, e.g. http://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
  setSecrets(path: string, secrets: string[]): void;
  setMode(path: string, mode: ReceiverMode): void;
  received(path?: string): Received[];
  waitFor(path: string, count: number, timeoutMs?: number): Promise<Received[]>;
  /** Forgets what was received and every path's secrets and mode. */
  reset(): void;
}

const HUGE_BYTES = 5 * 1024 * 1024;
const HUGE_CHUNK = Buffer.alloc(64 * 1024, "x");

export async function startWebhookReceiver(options: { port?: number; host?: string } = {}): Promise<WebhookReceiver> {
  const host = options.host ?? "127.0.0.1";
  const secrets = new Map<string, string[]>();
  const modes = new Map<string, ReceiverMode>();
  let log: Received[] = [];
  const waiters = new Set<() => void>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://receiver").pathname;
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : (value ?? "")]),
      );
      const verifiedWith = verify(secrets.get(path) ?? [], body, headers);
      log.push({ path, headers, body, json: parseJson(body), verified: verifiedWith.length > 0, verifiedWith, at: new Date() });
      for (const wake of waiters) wake();
      answer(modes.get(path) ?? "ok", req, res);
    });
  });
  // Idle connections are closed by the sender first (its agent lets go after 4 s): on a loaded
  // machine Node's own 5 s here could fire first and reset a connection the sender is reusing,
  // a retry the tests would then have to wait out.
  server.keepAliveTimeout = 60_000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  function answer(mode: ReceiverMode, req: http.IncomingMessage, res: http.ServerResponse) {
    if (mode === "ok") return res.writeHead(204).end();
    if (mode === "timeout") return;
    if (mode === "reset") return req.socket.destroy();
    if (mode === "slow-body") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.flushHeaders();
      const timer = setInterval(() => res.write("."), 1000);
      timers.add(timer);
      res.on("close", () => {
        clearInterval(timer);
        timers.delete(timer);
      });
      return;
    }
    if (mode === "huge") {
      res.writeHead(200, { "content-type": "text/plain", "content-length": String(HUGE_BYTES) });
      let sent = 0;
      // Respects backpressure, so a client that stops reading leaves the rest unsent.
      const pump = () => {
        while (sent < HUGE_BYTES && !res.destroyed) {
          const chunk = HUGE_CHUNK.subarray(0, Math.min(HUGE_CHUNK.length, HUGE_BYTES - sent));
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        if (sent >= HUGE_BYTES) res.end();
      };
      return pump();
    }
    if ("redirect" in mode) return res.writeHead(302, { location: mode.redirect }).end();
    res.writeHead(mode.status, { "content-type": "text/plain" }).end(mode.body ?? "");
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const received = (path?: string) => (path === undefined ? [...log] : log.filter((r) => r.path === path));

  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    async close() {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    setSecrets: (path, list) => void secrets.set(path, list),
    setMode: (path, mode) => void modes.set(path, mode),
    received,
    waitFor(path, count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const matching = received(path);
          if (matching.length < count) return;
          done();
          resolve(matching);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${path} received ${received(path).length} of ${count} expected webhooks within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    reset() {
      log = [];
      secrets.clear();
      modes.clear();
    },
  };
}

/** Each secret on its own, so a rotation's two signatures tell which secret signed what. */
function verify(secrets: string[], body: string, headers: Record<string, string>): number[] {
  const verifiedWith: number[] = [];
  secrets.forEach((secret, index) => {
    try {
      new Webhook(secret).verify(body, headers, { jsonParse: false });
      verifiedWith.push(index);
    } catch {
      // Wrong secret, bad signature, stale timestamp or a secret that is not base64.
    }
  });
  return verifiedWith;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}
