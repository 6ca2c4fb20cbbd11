import { beginTotpSetup } from "@/lib/mfa/manage";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/mfa/totp/setup", async ({ principal }) => ({
    json: await beginTotpSetup(principal),
    headers: { "cache-control": "no-store" },
  })),
});
