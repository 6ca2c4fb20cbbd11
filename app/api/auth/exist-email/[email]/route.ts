import { emailExists } from "@/lib/accounts/email-exists";
import { handler, methods } from "@/lib/http/route";

// An account-enumeration oracle by design (see lib/accounts/email-exists.ts), rate limited per client.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/auth/exist-email/{email}", async ({ params, client }) => ({
    json: await emailExists(params.email, client),
    headers: { "cache-control": "no-store" },
  })),
});
