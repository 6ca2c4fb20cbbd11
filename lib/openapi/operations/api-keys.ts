import * as orgs from "@/lib/validation/organizations";
import * as out from "../schemas";
import type { Rows } from ".";

// An organization's API keys. Row format: index.ts.
export const API_KEYS = {
  "get /api/organizations/{orgId}/api-keys": {
    summary: "List API keys",
    description: "Prefix, name, permissions, created, last used, expiry; never the secret.",
    auth: "any",
    ok: [200, "Keys.", out.listOf(out.apiKeySchema)],
  },
  "post /api/organizations/{orgId}/api-keys": {
    summary: "Create an API key",
    description:
      'Admins and owners, with a recent password re-check. `permissions` defaults to all of the creator\'s and may never exceed them (403); each is `{ resource, action }` or the string `"resource:action"`. An API key cannot create keys (403). The secret is in `key`, shown once.',
    auth: "user",
    apiKey: "refused_by_operation",
    body: orgs.createApiKeySchema,
    ok: [201, "Created.", out.createdApiKeySchema],
    errors: ["reauthentication_required", "rate_limited"],
  },
  "delete /api/organizations/{orgId}/api-keys/{id}": {
    summary: "Delete an API key",
    description: "The key stops working at once.",
    auth: "any",
    ok: [204, "Deleted."],
  },
} as const satisfies Rows;
