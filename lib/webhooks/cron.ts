import "server-only";
import { constantTimeEqual } from "@/lib/auth/crypto";
import { config } from "@/lib/config/env";
import { ApiError, notFound } from "@/lib/http/errors";
import { drainWebhooks, pruneWebhookHistory, type DrainResult } from "./dispatcher";

// On Vercel no process outlives its request, so no timer drains the queue there: Vercel Cron calls
// GET /api/cron/webhooks (vercel.json) with `Authorization: Bearer <CRON_SECRET>`, and the
// deliveries due (retries, and anything a response's own drain did not finish) go out.

/** Leaves room under Vercel's default 60 s function limit for the batch in flight and the pruning. */
const CRON_BUDGET_MS = 45_000;

export async function runWebhookCron(authorization: string | null): Promise<DrainResult> {
  const secret = config().CRON_SECRET;
  if (!secret) throw notFound();
  if (!authorization || !constantTimeEqual(authorization, `Bearer ${secret}`)) {
    throw new ApiError("unauthorized", "Send the CRON_SECRET as a Bearer token.");
  }
  const sent = await drainWebhooks({ budgetMs: CRON_BUDGET_MS });
  await pruneWebhookHistory();
  return sent;
}
