import { handler, methods } from "@/lib/http/route";
import { stepUpWithCode } from "@/lib/sign-in/second-step";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handler("post /api/auth/mfa/step-up", async ({ principal, body, client }) => {
    await stepUpWithCode(principal, body.code, client);
    return { json: { valid: true }, headers: { "cache-control": "no-store" } };
  }),
});
