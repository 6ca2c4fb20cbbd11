import { handler, methods } from "@/lib/http/route";
import { registrationOptions } from "@/lib/passkeys/manage";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/passkeys/register/options", async ({ principal }) => ({
    json: await registrationOptions(principal),
    headers: { "cache-control": "no-store" },
  })),
});
