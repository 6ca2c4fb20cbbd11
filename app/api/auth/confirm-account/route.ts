import { confirmEmail } from "@/lib/accounts/email-confirmation";
import { openSession, organizationForNewSession } from "@/lib/accounts/login";
import { tokenResult } from "@/lib/auth/token-response";
import { handler, methods } from "@/lib/http/route";
import { confirmAccountSchema } from "@/lib/validation/auth";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handler({ body: confirmAccountSchema }, async ({ body, client }) => {
    const confirmed = await confirmEmail(body, client);
    const organizationId = await organizationForNewSession(confirmed.userId);
    return tokenResult(await openSession(confirmed.userId, organizationId, client, body.token ? "link" : "code"));
  }),
});
