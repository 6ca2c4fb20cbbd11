import * as z from "zod";
import { EVENT_TYPES } from "@/lib/events/types";
import { idSchema, printable } from "./common";

// Instance administration (API.md, "Instance administration"): one schema per input, shared by
// the routes, the OpenAPI document and the /admin pages.

const cursorSchema = z.string().max(200).optional();
const limitSchema = z.coerce.number().int().min(1).max(100).default(50);

export const adminUsersQuerySchema = z.object({
  query: printable(z.string().trim().max(200))
    .optional()
    .meta({ description: "Matches the address or the name, anywhere, case-insensitively." }),
  cursor: cursorSchema,
  limit: limitSchema,
});

export const adminUserParamsSchema = z.object({ userId: idSchema });

/** Why: kept in the account and in the audit trail, so the next admin knows. */
export const adminReasonSchema = z.object({
  reason: printable(z.string({ error: "Say why." }).trim().min(1, "Say why.").max(500, "Use at most 500 characters.")),
});
export type AdminReasonInput = z.infer<typeof adminReasonSchema>;

/**
 * An action of the /admin pages (disable, enable, sign out everywhere, reset the second factor):
 * the reason, asked every time, and `confirmed` on the second submission only. The first one
 * checks the reason and shows what is about to happen; nothing changes until the admin confirms.
 */
export const adminActionFormSchema = adminReasonSchema.extend({ confirmed: z.literal("yes").optional() });

export const adminAuditQuerySchema = z.object({
  type: z.enum(EVENT_TYPES).optional(),
  // A filter, not a reference: an id of another shape is a mistake to point out (PostgreSQL refuses NUL outright).
  actorId: z
    .string()
    .trim()
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, "Not a valid id.")
    .optional(),
  cursor: cursorSchema,
  limit: limitSchema,
});

/** The code of the ADMIN_EMAILS proof (lib/admin/email-proof.ts). */
export const adminEmailProofSchema = z.object({
  code: z
    .string({ error: "Enter the 6-digit code." })
    .trim()
    .regex(/^\d{6}$/, "Enter the 6-digit code."),
});
