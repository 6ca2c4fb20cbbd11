import { handler, methods } from "@/lib/http/route";
import { authenticationOptions } from "@/lib/passkeys/sign-in";
import { passkeyOptionsSchema } from "@/lib/validation/passkeys";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handler({ body: passkeyOptionsSchema }, async ({ body, client }) => ({
    json: await authenticationOptions(body, client),
    headers: { "cache-control": "no-store" },
  })),
});
