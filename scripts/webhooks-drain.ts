// `npm run webhooks:drain`: sends every webhook delivery that is due, then exits. For a host with
// no long-lived server process and no Vercel Cron: call it from any scheduler (cron, a CI job, a
// Kubernetes CronJob) every minute. Servers started with `npm start` drain on their own.
//   npm run webhooks:drain -- [--budget-ms=50000] [--endpoint=<id> ...]
export {};

const budget = Number(/^--budget-ms=(\d+)$/.exec(process.argv.find((a) => a.startsWith("--budget-ms=")) ?? "")?.[1] ?? 50_000);
const endpoints = process.argv.filter((a) => a.startsWith("--endpoint=")).map((a) => a.slice("--endpoint=".length));

const { drainWebhooks, pruneWebhookHistory } = await import("../lib/webhooks/dispatcher");
const result = await drainWebhooks({ budgetMs: budget, ...(endpoints.length ? { endpointIds: endpoints } : {}) });
const pruned = await pruneWebhookHistory();
console.log(JSON.stringify({ ...result, pruned }));
// The pool's idle connections would keep the process alive for their timeout.
process.exit(0);
