// The emit statement alone (lib/db/statements/events.ts, through lib/events/emit.ts), timed in a
// child process against the app's database (the dispatcher scenario's queue-events.ts says why a
// child): the same event for organizations with different numbers of webhook endpoints (none
// first), each statement's organization drawn at random, inside transactions that are rolled back, so
// nothing is ever delivered and the app sees no change. What a change's transaction pays for its
// event, without the request around it: its commit is left out (one WAL flush either way).
//   tsx --conditions=react-server scripts/bench/time-emit.ts <actorId> <statements> <organizationId>...
// Prints one { rps, p50, p99, errors } per organization, in their order (ms, to the microsecond).
import { sqlTransaction } from "../../lib/db/sql";
import { emit } from "../../lib/events/emit";
import { percentile } from "./stats";

const [actorId, statements, ...organizations] = process.argv.slice(2);
if (!actorId || !Number(statements) || !organizations.length) {
  console.error("usage: time-emit.ts <actorId> <statements> <organizationId>...");
  process.exit(2);
}
const times = organizations.map((): number[] => []);
/** Per transaction: a few hundred, as no change writes thousands of events before it commits. */
const PER_TRANSACTION = 250;
const ROLLBACK = Symbol("rollback");
const started = performance.now();
for (let done = 0; done < Number(statements); done += PER_TRANSACTION) {
  await sqlTransaction(async (tx) => {
    for (let i = 0; i < PER_TRANSACTION; i++) {
      const which = Math.floor(Math.random() * organizations.length);
      const sent = performance.now();
      await emit(tx, {
        type: "member.role_changed",
        organizationId: organizations[which]!,
        actorId,
        metadata: { userId: actorId, from: "member", to: "admin" },
      });
      times[which]!.push(performance.now() - sent);
    }
    throw ROLLBACK;
  }).catch((error: unknown) => {
    if (error !== ROLLBACK) throw error;
  });
}
const elapsed = (performance.now() - started) / 1000;
const at = (values: number[], p: number) => Math.round(percentile(values, p) * 1000) / 1000;
console.log(JSON.stringify(times.map((t) => ({ rps: t.length / elapsed, p50: at(t, 50), p99: at(t, 99), errors: 0 }))));
process.exit(0);
