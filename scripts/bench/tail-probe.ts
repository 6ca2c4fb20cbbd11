// A control for the PostgreSQL round trip the app's pool records (lib/tail/pool.ts): the same
// database timed from the bench's process, on a connection of its own, one `SELECT 1` every
// PROBE_EVERY_MS. The app's figure includes the time each answer waits for the server's busy
// event loop; this one waits only for the bench's much idler loop, so what the two share is the
// database and the machine's cores, and what the app's has beyond it is its own loop.
import { createHistogram } from "node:perf_hooks";
import pg from "pg";
import { summarize, type Summary } from "../../lib/tail/summary";

/** 50 statements a second: a sample every 20 ms, some 5% beside the app's own statements. */
const PROBE_EVERY_MS = 20;
export const PROBE_LABEL = `PostgreSQL round trip, the bench's probe (SELECT 1 every ${PROBE_EVERY_MS} ms)`;

export interface DatabaseProbe {
  /** Stops probing and gives the round trips since the start. */
  stop(): Promise<Summary>;
}

export async function startDatabaseProbe(url: string): Promise<DatabaseProbe> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("SELECT 1"); // the connection's first statement pays for its start-up
  const histogram = createHistogram();
  let running = true;
  const probing = (async () => {
    while (running) {
      const start = process.hrtime.bigint();
      await client.query("SELECT 1");
      const elapsed = process.hrtime.bigint() - start;
      histogram.record(elapsed > 0n ? elapsed : 1n);
      await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
    }
  })();
  return {
    async stop() {
      running = false;
      await probing;
      await client.end();
      return summarize(histogram);
    },
  };
}
