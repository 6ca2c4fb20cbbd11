import * as z from "zod";
import { WEBHOOK_EVENT_TYPES } from "@/lib/events/types";
import { idSchema, printable } from "./common";
import { orgItemParamsSchema, orgQuerySchema } from "./organizations";

// Webhook endpoints (API.md, "Webhooks"): one schema per input, shared by the routes, the
// OpenAPI document and the Webhooks page's forms. What a URL resolves to is checked by the use
// case (lib/webhooks/endpoints.ts), which needs the network; here only its form.

/** Control characters (NUL, CR, LF…) and unpaired surrogates: never part of a URL we would send to. */
const UNSENDABLE = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const webhookUrlSchema = z
  .string({ error: "Give the endpoint's URL." })
  .trim()
  .max(2048, "Use at most 2,048 characters.")
  .superRefine((value, ctx) => {
    if (UNSENDABLE.test(value)) {
      ctx.addIssue({ code: "custom", message: "Remove the control characters from the URL." });
      return;
    }
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "Give an absolute URL, such as https://example.com/webhooks." });
      return;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") ctx.addIssue({ code: "custom", message: "Use an https:// URL." });
    else if (url.username || url.password) ctx.addIssue({ code: "custom", message: "Leave the user name and password out of the URL." });
    else if (value.includes("#")) ctx.addIssue({ code: "custom", message: "Leave the #fragment out of the URL: it is never sent." });
  })
  // Stored as the WHATWG parser writes it, which is what a delivery dials (spaces and the like encoded).
  .transform((value) => new URL(value).href)
  .meta({
    description: "Where deliveries are POSTed: `https://` in production, resolving to a public address.",
    example: "https://example.com/webhooks",
  });

const eventTypeSchema = z.enum(["*", ...WEBHOOK_EVENT_TYPES] as ["*", ...string[]], {
  error: (issue) => `Unknown event type${typeof issue.input === "string" ? ` "${issue.input.slice(0, 60)}"` : ""}.`,
});

/** A form posts one checkbox per type, or a single value: both become a list. Duplicates are folded, "*" swallows the rest. */
export const webhookEventsSchema = z
  .preprocess(
    (value) => (typeof value === "string" ? [value] : value),
    z.array(eventTypeSchema, { error: 'Give a list of event types, or ["*"] for all.' }).min(1, "Choose at least one event.").max(64),
  )
  .transform((events) => (events.includes("*") ? ["*"] : WEBHOOK_EVENT_TYPES.filter((type) => events.includes(type))))
  .meta({ description: 'Event types to deliver, or `["*"]` for every type.', example: ["member.added", "member.removed"] });

const descriptionSchema = printable(z.string().trim().max(500, "Use at most 500 characters."));

export const createWebhookSchema = z.object({
  url: webhookUrlSchema,
  events: webhookEventsSchema,
  description: descriptionSchema.optional(),
});
export type CreateWebhookInput = z.infer<typeof createWebhookSchema>;

/** A form's checkbox sends "on" (or nothing); the API sends a boolean. */
const enabledSchema = z.preprocess((value) => (value === "on" || value === "true" ? true : value === "false" ? false : value), z.boolean());

export const updateWebhookSchema = z
  .object({
    url: webhookUrlSchema.optional(),
    events: webhookEventsSchema.optional(),
    description: descriptionSchema.optional(),
    enabled: enabledSchema.optional(),
  })
  .refine((input) => Object.values(input).some((value) => value !== undefined), { message: "Change at least one field." });
export type UpdateWebhookInput = z.infer<typeof updateWebhookSchema>;

export const webhookParamsSchema = orgItemParamsSchema;
export const webhookDeliveryParamsSchema = orgItemParamsSchema.extend({ deliveryId: idSchema });

export const webhookDeliveriesQuerySchema = orgQuerySchema.extend({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
