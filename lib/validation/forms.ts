import * as z from "zod";
import type { Permission } from "@/lib/organizations/permissions";
import { loginSchema } from "./auth";
import { currentPasswordSchema, idSchema } from "./common";
import { createApiKeySchema } from "./organizations";
import { createWebhookSchema, updateWebhookSchema, webhookEventsSchema } from "./webhooks";

// Browser forms that combine two API inputs in one step. Composed from the API's schemas, so no
// rule is written twice.

/** Create an API key, re-checking the password (the step-up of POST /api/auth/check-password) in the same form. */
export const apiKeyFormSchema = createApiKeySchema.extend({
  password: currentPasswordSchema.optional(),
  // A ticked checkbox posts "resource:action"; the API's own rules then apply unchanged.
  permissions: z.preprocess(
    (list) => (Array.isArray(list) ? list.map((item) => (typeof item === "string" ? permissionFromCheckbox(item) : item)) : list),
    createApiKeySchema.shape.permissions,
  ),
});
export type ApiKeyFormInput = z.infer<typeof apiKeyFormSchema>;

/** The sign-in form: the API's login input plus where to go next (checked by safeCallbackUrl). */
export const loginFormSchema = loginSchema.extend({ callbackUrl: z.string().max(2048).optional() });
export type LoginFormInput = z.infer<typeof loginFormSchema>;

/** The value of a permission checkbox, "resource:action", as the { resource, action } the API takes. */
export const permissionCheckboxValue = (p: Permission) => `${p.resource}:${p.action}`;
function permissionFromCheckbox(value: string) {
  const [resource, action] = value.split(":");
  return { resource, action };
}

/**
 * A webhook form's event checkboxes. With none ticked the browser posts no field at all: read as
 * an empty choice, so it is refused with the same "Choose at least one event." as with JavaScript
 * (and an edit does not silently keep the old list).
 */
const pickedEventsSchema = z.preprocess((value) => value ?? [], webhookEventsSchema);

/** Add a webhook endpoint: POST /api/organizations/{orgId}/webhooks's input. */
export const webhookCreateFormSchema = createWebhookSchema.extend({ events: pickedEventsSchema });

/** One endpoint's PATCH from its page (the enable/disable switch posts `enabled` alone): the route's input and the endpoint's id. */
export const webhookUpdateFormSchema = updateWebhookSchema.safeExtend({ id: idSchema });

/** The endpoint page's edit form, which always posts its URL, description and events. */
export const webhookEditFormSchema = webhookUpdateFormSchema.safeExtend({ events: pickedEventsSchema });
