import "server-only";
import { after } from "next/server";
import { log } from "@/lib/log";

/**
 * Runs `task` once the response has been sent (Next's `after`). Endpoints that must answer the
 * same for known and unknown addresses use it for the per-account work (lookups, tokens, mail),
 * so neither the body nor the response time depends on whether the account exists. A failure
 * is logged, since the response is already gone.
 */
export function afterResponse(label: string, task: () => Promise<void>): void {
  const run = () =>
    task().catch((error: unknown) => {
      log.error(`${label} failed after the response`, { error });
    });
  try {
    after(run);
  } catch {
    // Outside a Next request scope (scripts, in-process tests) there is no "after": run now.
    void run();
  }
}
