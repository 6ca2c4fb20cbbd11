import { handler, methods } from "@/lib/http/route";
import { authenticationOptions } from "@/lib/sign-in/doors/passkey";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // A signed-in caller's challenge is bound to its session, for a step-up (see authenticationOptions).
  POST: handler("post /api/auth/passkeys/authenticate/options", async ({ body, client, principal }) => ({
    json: await authenticationOptions(body, client, principal),
    headers: { "cache-control": "no-store" },
  })),
});
