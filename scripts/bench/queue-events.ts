// The dispatcher scenario's backlog (webhooks.ts), queued through the app's own emit(): run in a
// child process, since lib/ reads its configuration from the environment and is server-only.
//   tsx --conditions=react-server scripts/bench/queue-events.ts <organizationId> <actorId> <events>
// with the app's DATABASE_URL and DATA_DIR. Every event goes into ONE transaction, so the
// dispatchers see the whole backlog at once when it commits, as after an outage, and the
// throughput they reach is theirs alone, not the pace of the queueing. Prints what it queued.
import { sqlTransaction } from "../../lib/db/sql";
import { emit } from "../../lib/events/emit";

const [organizationId, actorId, events] = process.argv.slice(2);
if (!organizationId || !actorId || !Number(events)) {
  console.error("usage: queue-events.ts <organizationId> <actorId> <events>");
  process.exit(2);
}
const started = performance.now();
await sqlTransaction(async (tx) => {
  for (let i = 0; i < Number(events); i++) {
    await emit(tx, { type: "org.updated", organizationId, actorId, metadata: { bench: i } });
  }
});
console.log(JSON.stringify({ events: Number(events), ms: Math.round(performance.now() - started) }));
// The pool's idle connections would keep the process alive for their timeout.
process.exit(0);
