import { register } from "@/lib/accounts/register";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/register", async ({ body, client }) => {
    const result = await register(body, client);
    return {
      status: 201,
      json: result.body,
      headers: result.kind === "signed_in" ? { "cache-control": "no-store" } : undefined,
    };
  }),
});
