import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { handler, methods } from "@/lib/http/route";
import { registerPasskey } from "@/lib/passkeys/manage";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/passkeys/register/verify", async ({ principal, body, client }) => ({
    status: 201,
    json: await registerPasskey(principal, { ...body, response: body.response as RegistrationResponseJSON }, client),
    headers: { "cache-control": "no-store" },
  })),
});
