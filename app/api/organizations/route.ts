import { createOrganization, listMyOrganizations } from "@/lib/organizations/organizations";
import { handler, methods } from "@/lib/http/route";

// People only: "my organizations" and "I own a new one" have no meaning for an API key, which
// reads its own organization at GET /api/organizations/current instead.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/organizations", async ({ principal }) => ({ json: { items: await listMyOrganizations(principal) } })),
  POST: handler("post /api/organizations", async ({ principal, body, client }) => ({
    status: 201,
    json: await createOrganization(principal, body, client),
  })),
});
