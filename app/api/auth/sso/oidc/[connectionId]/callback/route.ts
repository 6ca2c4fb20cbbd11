import { handler, methods } from "@/lib/http/route";
import { requestBindingHash } from "@/lib/sso/browser-binding";
import { refusalAnswer, signedInAnswer } from "@/lib/sso/browser-answer";
import { completeOidcSignIn } from "@/lib/sso/sign-in";

// Where the IdP sends the browser back with the code and our state.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/auth/sso/oidc/{connectionId}/callback", async ({ request, params, client }) => {
    try {
      const { outcome, returnTo } = await completeOidcSignIn(
        params.connectionId,
        new URL(request.url),
        client,
        requestBindingHash(request),
      );
      return await signedInAnswer(outcome, returnTo);
    } catch (error) {
      const browser = refusalAnswer(request, error);
      if (browser) return browser;
      throw error;
    }
  }),
});
