import * as out from "../schemas";
import type { Rows } from ".";

// Probes and this document. Row format: index.ts.
export const SERVICE = {
  "get /api/health": {
    summary: "Health (readiness)",
    description: "200 when the database answers, else 503.",
    ok: [200, "Healthy.", out.healthSchema],
  },
  "get /api/health/live": {
    summary: "Liveness",
    description: "200 while the process answers; reads no database (use /api/health for readiness).",
    ok: [200, "Alive.", out.healthSchema],
    offline: true,
  },
  "get /api/openapi.json": {
    summary: "This document",
    description: "OpenAPI 3.1, generated from the zod schemas that validate requests.",
    ok: [200, "The OpenAPI document.", out.openApiDocumentSchema],
    offline: true,
  },
  "get /api/cron/webhooks": {
    summary: "Drain the webhook queue (cron)",
    description:
      "For Vercel Cron (vercel.json), where no process stays up between requests: sends every webhook delivery that is due, for up to 50 seconds. Authorized by `Authorization: Bearer <CRON_SECRET>`; without CRON_SECRET configured, 404.",
    ok: [200, "What this run sent.", out.cronRunSchema],
    errors: ["unauthorized", "not_found"],
  },
} as const satisfies Rows;
