import { handler, methods } from "@/lib/http/route";
import { stepUpWithCode } from "@/lib/sign-in/second-step";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/mfa/step-up", async ({ principal, body, client }) => {
    // Raised from aal1, the session's earlier refresh tokens are superseded: the answer carries the new pair.
    const { tokens } = await stepUpWithCode(principal, body.code, client);
    return { json: { valid: true, ...tokens }, headers: { "cache-control": "no-store" } };
  }),
});
