import { regenerateRecoveryCodes } from "@/lib/mfa/manage";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/mfa/recovery-codes", async ({ principal, client }) => ({
    json: await regenerateRecoveryCodes(principal, client),
    headers: { "cache-control": "no-store" },
  })),
});
