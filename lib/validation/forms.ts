import * as z from "zod";
import { currentPasswordSchema } from "./common";
import { createApiKeySchema } from "./organizations";

// Browser forms that combine two API inputs in one step. Composed from the API's schemas, so no
// rule is written twice.

/** Create an API key, re-checking the password (the step-up of POST /api/auth/check-password) in the same form. */
export const apiKeyFormSchema = createApiKeySchema.extend({ password: currentPasswordSchema.optional() });
export type ApiKeyFormInput = z.infer<typeof apiKeyFormSchema>;
