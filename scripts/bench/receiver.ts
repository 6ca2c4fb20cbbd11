// The webhook endpoints the bench's app delivers to: one lean node:http server in the bench
// process, answering 204 at once and counting per path. tests/support/webhook-receiver.ts keeps
// every request and verifies every signature, which at hundreds of deliveries a second would make
// the receiver, not the dispatcher, what is measured: this one keeps each path's webhook-ids (to
// tell exactly-once from lost or doubled) and verifies one request in SAMPLE_EVERY with the
// standardwebhooks package, as a receiver would.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Webhook } from "standardwebhooks";

/** One request in this many (across all paths) has its signature verified. */
export const SAMPLE_EVERY = 50;

export interface PathCount {
  /** Requests received, duplicates included. */
  requests: number;
  /** Distinct webhook-id headers: one per event, however often it came. */
  ids: Set<string>;
}

export interface BenchReceiver {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The secret each path's signatures are checked against (the endpoint's whsec_…). */
  setSecret(path: string, secret: string): void;
  /** What each path received since the last reset. */
  count(path: string): PathCount;
  /** performance.now() of the first and the last request on `paths` since the last reset. */
  span(paths: string[]): { first: number; last: number } | undefined;
  /** Signatures checked and refused since the last reset. */
  verified(): { checked: number; failed: number };
  /** Resolves once `paths` hold `ids` distinct ids together, or rejects after `timeoutMs`. */
  waitForIds(paths: string[], ids: number, timeoutMs: number): Promise<void>;
  /** Forgets the counts (not the secrets). */
  reset(): void;
  close(): Promise<void>;
}

export async function startBenchReceiver(): Promise<BenchReceiver> {
  const secrets = new Map<string, Webhook>();
  let counts = new Map<string, PathCount & { first: number; last: number }>();
  let seen = 0;
  let checked = 0;
  let failed = 0;
  const sockets = new Set<Socket>();

  const countOf = (path: string) => {
    let count = counts.get(path);
    if (!count) counts.set(path, (count = { requests: 0, ids: new Set(), first: Infinity, last: -Infinity }));
    return count;
  };

  const server = http.createServer((req, res) => {
    const now = performance.now();
    const path = req.url ?? "/";
    const count = countOf(path);
    count.requests++;
    count.first = Math.min(count.first, now);
    count.last = now;
    const id = req.headers["webhook-id"];
    if (typeof id === "string") count.ids.add(id);
    const sampled = ++seen % SAMPLE_EVERY === 0;
    const chunks: Buffer[] = [];
    if (sampled) req.on("data", (chunk: Buffer) => chunks.push(chunk));
    else req.resume();
    req.on("end", () => {
      if (sampled) {
        checked++;
        try {
          const webhook = secrets.get(path);
          if (!webhook) throw new Error(`no secret for ${path}`);
          webhook.verify(Buffer.concat(chunks).toString("utf8"), req.headers as Record<string, string>);
        } catch {
          failed++;
        }
      }
      res.writeHead(204).end();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const distinct = (paths: string[]) => paths.reduce((sum, path) => sum + (counts.get(path)?.ids.size ?? 0), 0);

  return {
    url: `http://127.0.0.1:${port}`,
    setSecret: (path, secret) => secrets.set(path, new Webhook(secret)),
    count: (path) => countOf(path),
    span(paths) {
      const seenPaths = paths.map((path) => counts.get(path)).filter((c) => c !== undefined);
      if (!seenPaths.length) return undefined;
      return { first: Math.min(...seenPaths.map((c) => c.first)), last: Math.max(...seenPaths.map((c) => c.last)) };
    },
    verified: () => ({ checked, failed }),
    async waitForIds(paths, ids, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (distinct(paths) < ids) {
        if (Date.now() > deadline) throw new Error(`The receiver got ${distinct(paths)} of ${ids} deliveries within ${timeoutMs / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    reset() {
      counts = new Map();
      seen = checked = failed = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
