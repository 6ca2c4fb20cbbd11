// The load put on the app, on loopback from this process: autocannon's, and the bench's own
// paired load where a difference of a fraction of a millisecond is the figure.
import http from "node:http";
import autocannon from "autocannon";
import { options } from "./options";
import { percentile, type Measured } from "./stats";

/**
 * Unmeasured seconds before every measured run (BENCH_WARMUP_SECONDS). 3 s was too short for the
 * app (issue 29: its second pass was faster than its first); the report prints each pass of the
 * GET and the bare route, so a too-short warm-up shows.
 */
export const WARM_UP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 8);

export type RequestShape = { method?: autocannon.Request["method"]; headers?: Record<string, string>; body?: string };

/** A measured run of `seconds` at `connections`, after the warm-up. */
export async function load(
  url: string,
  shape: RequestShape,
  seconds = options.seconds,
  connections = options.connections,
): Promise<autocannon.Result> {
  // Unmeasured warm-up first: every server process JIT-compiles and loads the route's chunks.
  await autocannon({ url, connections, duration: WARM_UP_SECONDS, ...shape });
  return autocannon({ url, connections, duration: seconds, ...shape });
}

/**
 * A refresh endpoint whose tokens rotate: each request spends one token and its answer carries
 * the next (the first-party route's JSON body, the OpenID Provider's form and client secret).
 */
export interface Rotation {
  path: string;
  headers: Record<string, string>;
  body: (refreshToken: string) => string;
}

/** POST /api/auth/refresh: the first-party rotation. */
export const FIRST_PARTY_REFRESH: Rotation = {
  path: "/api/auth/refresh",
  headers: { "content-type": "application/json" },
  body: (token) => JSON.stringify({ refresh_token: token }),
};

/**
 * Rotations need a fresh token per request: a shared queue hands them out and takes the new ones
 * back. The queue is the caller's, so a second pass continues with the live tokens. Warmed up
 * like every other scenario (it was not, and its first pass paid for the JIT).
 */
export async function loadRefresh(base: string, queue: string[], rotation = FIRST_PARTY_REFRESH): Promise<autocannon.Result> {
  await rotations(base, queue, WARM_UP_SECONDS, rotation);
  return rotations(base, queue, options.seconds, rotation);
}

/**
 * `seconds` of refresh-token rotations, unwarmed (the profile warms up on its own). A token is
 * never sent twice: the queue holds the newest token of each chain, and a request takes one out
 * until its answer puts the next one back (a request cut off when the run stops loses its chain,
 * so the seed keeps spares).
 */
export function rotations(base: string, queue: string[], seconds: number, rotation = FIRST_PARTY_REFRESH): Promise<autocannon.Result> {
  return autocannon({
    url: `${base}${rotation.path}`,
    connections: options.connections,
    duration: seconds,
    requests: [
      {
        method: "POST",
        headers: rotation.headers,
        setupRequest: (request) => {
          const token = queue.shift();
          if (!token) throw new Error("The bench ran out of refresh tokens: seed more spares.");
          return { ...request, body: rotation.body(token) };
        },
        onResponse: (status, body) => {
          if (status === 200) queue.push((JSON.parse(body) as { refresh_token: string }).refresh_token);
        },
      },
    ],
  });
}

/** One side of a paired load: the request each connection sends next, and what it is told back. */
export interface Arm {
  request: (connection: number) => { method: string; path: string; headers?: Record<string, string>; body?: string };
  /** Every answer's status, e.g. to flip a member's role back on the connection's next request. */
  answered?: (connection: number, status: number) => void;
}

/**
 * Two arms measured in the same seconds, each request's arm drawn at random: whatever else the
 * machine does lands on both alike (strict alternation would not do: work one arm sets off after
 * its response, such as sending webhooks, would always fall on the other arm's next request), so
 * their difference is the requests' own. Timed here to the microsecond, since autocannon's
 * percentiles are whole milliseconds and the differences this measures are fractions of one.
 * After the usual unmeasured warm-up; one Measured per arm.
 */
export async function pairedLoad(base: string, arms: Arm[], seconds: number, connections: number): Promise<Measured[]> {
  await timedLoad(base, arms, WARM_UP_SECONDS, connections);
  return timedLoad(base, arms, seconds, connections);
}

async function timedLoad(base: string, arms: Arm[], seconds: number, connections: number): Promise<Measured[]> {
  const { hostname, port } = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies = arms.map(() => [] as number[]);
  const errors = arms.map(() => 0);
  const send = (arm: Arm, connection: number) =>
    new Promise<number>((resolve) => {
      const { method, path, headers, body } = arm.request(connection);
      const length = body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) };
      const request = http.request({ hostname, port, path, method, headers: { ...headers, ...length }, agent }, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", () => resolve(0));
      });
      request.on("error", () => resolve(0));
      request.end(body);
    });
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, connection) => {
      while (performance.now() < deadline) {
        const which = Math.floor(Math.random() * arms.length);
        const arm = arms[which]!;
        const sent = performance.now();
        const status = await send(arm, connection);
        if (status >= 200 && status < 300) latencies[which]!.push(performance.now() - sent);
        else errors[which]!++;
        arm.answered?.(connection, status);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const hundredths = (value: number) => Math.round(value * 100) / 100;
  return arms.map((_, which) => ({
    rps: latencies[which]!.length / elapsed,
    p50: hundredths(percentile(latencies[which]!, 50)),
    p99: hundredths(percentile(latencies[which]!, 99)),
    errors: errors[which]!,
  }));
}
