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
} as const satisfies Rows;
