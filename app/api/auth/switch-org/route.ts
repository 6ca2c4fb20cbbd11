import { tokenResult } from "@/lib/sessions/token-response";
import { switchOrganization } from "@/lib/organizations/switch";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/switch-org", async ({ principal, body, client }) =>
    tokenResult((await switchOrganization(principal, body.organizationId, client))!),
  ),
});
