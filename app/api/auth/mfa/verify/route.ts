import { buildTokenResponse, tokenResult } from "@/lib/sessions/token-response";
import { ApiError } from "@/lib/http/errors";
import { handler, methods } from "@/lib/http/route";
import { completeSignIn, raiseSession } from "@/lib/sign-in/second-step";
import { proofOf } from "@/lib/validation/mfa";

// The second step: with an mfaToken it finishes a sign-in; with Bearer it raises that session
// (same sid) to aal2.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/mfa/verify", async ({ principal, body, client }) => {
    const proof = proofOf(body);
    if (body.mfaToken) return tokenResult(await buildTokenResponse(await completeSignIn(body.mfaToken, proof, client)));
    if (principal) return tokenResult(await raiseSession(principal, proof, client));
    throw new ApiError("unauthorized", "Send the mfaToken from the sign-in, or a Bearer token to raise a session.");
  }),
});
