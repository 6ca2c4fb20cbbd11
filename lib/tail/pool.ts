// The database layers of the tail histograms (lib/tail/registry.ts): how long a query waits for a
// pooled connection, and how long a statement takes from being handed to its connection to its
// result. Installed on the process's one pool when it is made (lib/db/pool.ts); when recording is
// off this returns at once and the pool keeps pg's own methods.
//
// Both are measured from JavaScript, so both include the time the answer waits for the event
// loop: a reply that arrives during a 20 ms collection is read 20 ms late. Read them beside the
// event-loop delay, not as PostgreSQL's own execution time.
import type pg from "pg";
import { recordSince, tailHistogram } from "./registry";

type Callback = (...results: unknown[]) => unknown;
type Method = (...args: unknown[]) => unknown;

/** Times pool.connect (every query goes through it: pool.query, Prisma's adapter, our transactions) and every client's query. */
export function instrumentPool(pool: pg.Pool): void {
  const wait = tailHistogram("poolWait");
  const roundTrip = tailHistogram("pgRoundTrip");
  if (!wait || !roundTrip) return;
  const target = pool as unknown as { connect: Method };
  target.connect = timeMethod(target.connect.bind(pool), (start) => recordSince(wait, start));
  // 'connect' is emitted once per new connection, before the pool hands it out.
  pool.on("connect", (client) => {
    const connection = client as unknown as { query: Method };
    connection.query = timeMethod(connection.query.bind(client), (start) => recordSince(roundTrip, start));
  });
}

/**
 * `method` with `done(start)` called when it completes, in whichever of pg's three styles it was
 * called: a callback as the last argument (pg-pool calls its client so), a returned promise, or a
 * returned event emitter (a Submittable such as a cursor: 'end' or 'error').
 */
export function timeMethod(method: Method, done: (start: bigint) => void): Method {
  return (...args: unknown[]) => {
    const start = process.hrtime.bigint();
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === "function") {
      args[last] = function (this: unknown, ...results: unknown[]) {
        done(start);
        return (callback as Callback).apply(this, results);
      };
      return method(...args);
    }
    const result = method(...args);
    if (result && typeof (result as { then?: unknown }).then === "function") {
      (result as Promise<unknown>).then(
        () => done(start),
        () => done(start),
      );
    } else if (result && typeof (result as { once?: unknown }).once === "function") {
      const emitter = result as { once: (event: string, listener: () => void) => void };
      let settled = false;
      const settle = () => {
        if (!settled) done(start);
        settled = true;
      };
      emitter.once("end", settle);
      emitter.once("error", settle);
    }
    return result;
  };
}
