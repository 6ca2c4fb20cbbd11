import { confirmTotp } from "@/lib/mfa/manage";
import { handler, methods } from "@/lib/http/route";
import { totpCodeBodySchema } from "@/lib/validation/mfa";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handler({ auth: "user", body: totpCodeBodySchema }, async ({ principal, body, client }) => ({
    json: await confirmTotp(principal, body.code, client),
    headers: { "cache-control": "no-store" },
  })),
});
