import * as z from "zod";
import type { Permission } from "@/lib/organizations/permissions";
import { loginSchema } from "./auth";
import { currentPasswordSchema } from "./common";
import { createApiKeySchema } from "./organizations";

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
