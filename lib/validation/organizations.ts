import * as z from "zod";
import { ACTIONS, RESOURCES, ROLES, permissionSchema, type Permission } from "@/lib/organizations/permissions";
import { emailSchema, idSchema, printable } from "./common";

// One schema per input of the organization endpoints, shared by the forms, the server actions,
// the route handlers and the OpenAPI document. Client-safe.

export const organizationNameSchema = printable(
  z.string({ error: "Enter an organization name." }).trim().min(1, "Enter an organization name.").max(100, "Use at most 100 characters."),
);

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Slugs name organizations in URLs (?org=); a slug shaped like an id could shadow another organization's id. */
export const slugSchema = z
  .string({ error: "Enter a slug." })
  .trim()
  .toLowerCase()
  .min(2, "Use at least 2 characters.")
  .max(48, "Use at most 48 characters.")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lower-case letters, digits and single dashes (not at either end).")
  .refine((s) => !UUID_SHAPE.test(s) && s !== "current", "This slug is reserved.");

export const createOrganizationSchema = z.object({ name: organizationNameSchema, slug: slugSchema.optional() });
export type CreateOrganizationInput = z.infer<typeof createOrganizationSchema>;

export const updateOrganizationSchema = z
  .object({
    name: organizationNameSchema.optional(),
    slug: slugSchema.optional(),
    /** Owners only, with a fresh step-up, and only once they have a second factor themselves. */
    requireMfa: z.boolean({ error: "requireMfa must be true or false." }).optional(),
  })
  .refine((v) => v.name !== undefined || v.slug !== undefined || v.requireMfa !== undefined, {
    message: "Send a name, a slug or requireMfa to change.",
    path: ["name"],
  });
export type UpdateOrganizationInput = z.infer<typeof updateOrganizationSchema>;

export const roleSchema = z.enum(ROLES, { error: "Choose a role: owner, admin or member." });

export const changeRoleSchema = z.object({ role: roleSchema });
export type ChangeRoleInput = z.infer<typeof changeRoleSchema>;

export const createInvitationSchema = z.object({ email: emailSchema, role: roleSchema.default("member") });
export type CreateInvitationInput = z.infer<typeof createInvitationSchema>;

/** A permission as `{ resource, action }`, or as the `"resource:action"` string many clients send; always an object after parsing. */
export const permissionInputSchema = z.union(
  [
    permissionSchema,
    z
      .templateLiteral([z.enum(RESOURCES), ":", z.enum(ACTIONS)])
      .transform((s): Permission => {
        const [resource, action] = s.split(":") as [Permission["resource"], Permission["action"]];
        return { resource, action };
      })
      .meta({ description: "`resource:action`, e.g. `members:read`." }),
  ],
  { error: 'Give each permission as { resource, action } or "resource:action".' },
);

export const createApiKeySchema = z.object({
  name: printable(z.string({ error: "Name the key." }).trim().min(1, "Name the key.").max(100, "Use at most 100 characters.")),
  permissions: z.array(permissionInputSchema).min(1, "Give the key at least one permission, or omit the list.").max(64).optional(),
  expiresAt: z.coerce
    .date({ error: "Give an ISO 8601 date-time." })
    .refine((d) => d.getTime() > Date.now(), "The expiry must be in the future.")
    .nullable()
    .optional()
    .meta({ description: "Omitted or null: the key does not expire." }),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

export const switchOrganizationSchema = z.object({ organizationId: idSchema });

/** `{orgId}` is an organization id, a slug, or the word `current`. */
export const orgParamsSchema = z.object({ orgId: idSchema });
export const orgMemberParamsSchema = orgParamsSchema.extend({ userId: idSchema });
export const orgItemParamsSchema = orgParamsSchema.extend({ id: idSchema });

/** ?org=<slug> names the organization when the path says `current`; other query keys pass through. */
export const orgQuerySchema = z.object({ org: z.string().trim().max(100).optional() });

export const auditLogQuerySchema = orgQuerySchema.extend({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const invitationTokenParamsSchema = z.object({ token: z.string().max(512) });
