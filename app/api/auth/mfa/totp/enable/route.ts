import { confirmTotp } from "@/lib/mfa/manage";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/mfa/totp/enable", async ({ principal, body, client }) => ({
    json: await confirmTotp(principal, body.code, client, { signOutOtherSessions: body.signOutOtherSessions }),
    headers: { "cache-control": "no-store" },
  })),
});
