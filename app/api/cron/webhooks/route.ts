import { handler, methods } from "@/lib/http/route";
import { runWebhookCron } from "@/lib/webhooks/cron";

// Up to 60 s on Vercel: the drain stops claiming after 50.
export const maxDuration = 60;

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/cron/webhooks", async ({ request }) => ({
    json: await runWebhookCron(request.headers.get("authorization")),
    headers: { "cache-control": "no-store" },
  })),
});
