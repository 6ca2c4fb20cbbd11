// The load autocannon puts on the app, on loopback from this process.
import autocannon from "autocannon";
import { options } from "./options";

/** Unmeasured seconds before every measured run. */
export const WARM_UP_SECONDS = 3;

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
 * Rotations need a fresh token per request: a shared queue hands them out and takes the new ones
 * back. The queue is the caller's, so a second pass continues with the live tokens. Warmed up
 * like every other scenario (it was not, and its first pass paid for the JIT).
 */
export async function loadRefresh(base: string, queue: string[]): Promise<autocannon.Result> {
  await rotations(base, queue, WARM_UP_SECONDS);
  return rotations(base, queue, options.seconds);
}

/** `seconds` of refresh-token rotations, unwarmed (the profile warms up on its own). */
export function rotations(base: string, queue: string[], seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: `${base}/api/auth/refresh`,
    connections: options.connections,
    duration: seconds,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        setupRequest: (request) => {
          const token = queue.shift();
          if (!token) throw new Error("The bench ran out of refresh tokens: seed more spares.");
          return { ...request, body: JSON.stringify({ refresh_token: token }) };
        },
        onResponse: (status, body) => {
          if (status === 200) queue.push((JSON.parse(body) as { refresh_token: string }).refresh_token);
        },
      },
    ],
  });
}
