import { redeemCode, redeemLinkToken } from "@/lib/accounts/email-confirmation";
import { openSession, organizationForNewSession } from "@/lib/accounts/login";
import { tokenResult } from "@/lib/auth/token-response";
import { handler, methods } from "@/lib/http/route";
import { consume } from "@/lib/security/rate-limit";
import { confirmAccountSchema } from "@/lib/validation/auth";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handler({ body: confirmAccountSchema }, async ({ body, client }) => {
    await consume("confirmPerClient", client.ip);
    if (body.email) await consume("confirmPerEmail", body.email);
    const confirmed = body.token ? await redeemLinkToken(body.token, client) : await redeemCode(body.email!, body.code!, client);
    const organizationId = await organizationForNewSession(confirmed.userId);
    return tokenResult(await openSession(confirmed.userId, organizationId, client, body.token ? "link" : "code"));
  }),
});
