import { confirmAndSignIn } from "@/lib/sign-in/doors/confirm-account";
import { tokenResult } from "@/lib/sessions/token-response";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/confirm-account", async ({ body, client }) => {
    const outcome = await confirmAndSignIn(body, client);
    if (outcome.kind === "email_changed") return { json: { verified: true, email: outcome.email } };
    return tokenResult(outcome.tokens);
  }),
});
