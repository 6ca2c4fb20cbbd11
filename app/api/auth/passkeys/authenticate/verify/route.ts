import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { buildTokenResponse, tokenResult } from "@/lib/sessions/token-response";
import { handler, methods } from "@/lib/http/route";
import { completeSignInWithPasskey, signInWithPasskey, stepUpWithPasskey } from "@/lib/sign-in/doors/passkey";

// One assertion, three uses: with an mfaToken it finishes a sign-in; with Bearer (or the browser
// session) it opens the step-up window; alone it is a full sign-in.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/passkeys/authenticate/verify", async ({ principal, body, client }) => {
    const response = body.response as AuthenticationResponseJSON;
    if (body.mfaToken) return tokenResult(await buildTokenResponse(await completeSignInWithPasskey(body.mfaToken, response, client)));
    if (principal) {
      // Raised from aal1, the session's earlier refresh tokens are superseded: the answer carries the new pair.
      const { tokens } = await stepUpWithPasskey(principal, response, client);
      return { json: { valid: true, ...tokens }, headers: { "cache-control": "no-store" } };
    }
    return tokenResult(await buildTokenResponse(await signInWithPasskey(response, client)));
  }),
});
