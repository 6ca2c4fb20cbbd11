import * as hooks from "@/lib/validation/webhooks";
import * as out from "../schemas";
import type { Rows } from ".";

// An organization's webhook endpoints and their deliveries. Row format: index.ts. Every row asks
// for `organization:update` and `audit_log:read` (admins and owners, or an API key holding both).
const WHO = "Admins and owners (`organization:update` and `audit_log:read`: an endpoint receives the audit trail).";

export const WEBHOOKS = {
  "get /api/organizations/{orgId}/webhooks": {
    summary: "List webhook endpoints",
    description: `${WHO} Never the secret.`,
    auth: "any",
    ok: [200, "Endpoints, oldest first.", out.listOf(out.webhookEndpointSchema)],
  },
  "post /api/organizations/{orgId}/webhooks": {
    summary: "Add a webhook endpoint",
    description: `${WHO} \`url\` must be https:// in production and resolve to a public address (422 otherwise); \`events\` lists event types or is \`["*"]\`. The signing secret is in \`secret\`, shown once. At most 20 endpoints per organization (409).`,
    auth: "any",
    body: hooks.createWebhookSchema,
    ok: [201, "Created.", out.createdWebhookEndpointSchema],
    errors: ["conflict", "rate_limited"],
  },
  "get /api/organizations/{orgId}/webhooks/{id}": {
    summary: "Read a webhook endpoint",
    description: `${WHO} Never the secret.`,
    auth: "any",
    ok: [200, "The endpoint.", out.webhookEndpointSchema],
  },
  "patch /api/organizations/{orgId}/webhooks/{id}": {
    summary: "Change a webhook endpoint",
    description: `${WHO} Any of \`url\`, \`events\`, \`description\`, \`enabled\`. Disabling fails what is still pending; enabling starts the count of failures over.`,
    auth: "any",
    body: hooks.updateWebhookSchema,
    ok: [200, "The endpoint as changed.", out.webhookEndpointSchema],
    errors: ["rate_limited"],
  },
  "delete /api/organizations/{orgId}/webhooks/{id}": {
    summary: "Delete a webhook endpoint",
    description: `${WHO} Nothing more is sent to it; its delivery log goes with it.`,
    auth: "any",
    ok: [204, "Deleted."],
  },
  "post /api/organizations/{orgId}/webhooks/{id}/rotate-secret": {
    summary: "Rotate the signing secret",
    description: `${WHO} A new secret, shown once. For 24 hours deliveries carry both signatures (new and previous), so the receiver can switch without a gap.`,
    auth: "any",
    params: hooks.webhookParamsSchema,
    ok: [200, "The new secret.", out.webhookSecretSchema],
    errors: ["rate_limited"],
  },
  "post /api/organizations/{orgId}/webhooks/{id}/test": {
    summary: "Send a test event",
    description: `${WHO} Queues a \`webhook.test\` event for this endpoint alone, whatever it subscribes to, and sends it right away. 409 when the endpoint is disabled.`,
    auth: "any",
    params: hooks.webhookParamsSchema,
    ok: [202, "Queued.", out.webhookTestQueuedSchema],
    errors: ["conflict", "rate_limited"],
  },
  "get /api/organizations/{orgId}/webhooks/{id}/deliveries": {
    summary: "List an endpoint's deliveries",
    description: `${WHO} Newest first, \`?limit=\` (1–100, default 50) and \`?cursor=\` from the previous page's \`nextCursor\`.`,
    auth: "any",
    params: hooks.webhookParamsSchema,
    query: hooks.webhookDeliveriesQuerySchema,
    ok: [200, "A page of deliveries.", out.pageOf(out.webhookDeliverySchema)],
  },
  "post /api/organizations/{orgId}/webhooks/{id}/deliveries/{deliveryId}/retry": {
    summary: "Retry a delivery",
    description: `${WHO} One more attempt now, outside the retry schedule (also for a delivery that succeeded). 409 when the endpoint is disabled.`,
    auth: "any",
    params: hooks.webhookDeliveryParamsSchema,
    ok: [202, "Queued."],
    errors: ["conflict", "rate_limited"],
  },
} as const satisfies Rows;
