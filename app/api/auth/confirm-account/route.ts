import { confirmEmail } from "@/lib/accounts/email-confirmation";
import { openSession, organizationForNewSession } from "@/lib/accounts/login";
import { tokenResult } from "@/lib/auth/token-response";
import { handler, methods } from "@/lib/http/route";
import { confirmAccountSchema } from "@/lib/validation/auth";

// Confirming a new account signs it in. Confirming an email change does not: the code proves
// the new mailbox, not who owns the account, and the session that asked is already signed in.
export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handler("post /api/auth/confirm-account", async ({ body, client }) => {
    const confirmed = await confirmEmail(body, client);
    if (confirmed.purpose === "email_change") return { json: { verified: true, email: confirmed.email } };
    const organizationId = await organizationForNewSession(confirmed.userId);
    return tokenResult(await openSession(confirmed.userId, organizationId, client, body.token ? "link" : "code"));
  }),
});
