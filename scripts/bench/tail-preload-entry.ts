// What the bare Next.js app's server process runs first under `--import` (tail-preload.ts):
// the same monitor the launcher starts in the app's (lib/tail/monitor.ts), when BENCH_TAIL=1.
import { startTailMonitorFromEnv } from "../../lib/tail/monitor";

startTailMonitorFromEnv();
