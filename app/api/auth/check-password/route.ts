import { checkPassword } from "@/lib/accounts/password-check";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/check-password", async ({ principal, body }) => {
    await checkPassword({
      userId: principal.userId,
      sessionId: principal.sessionId,
      impersonatorId: principal.impersonatorId,
      password: body.password,
    });
    return { json: { valid: true }, headers: { "cache-control": "no-store" } };
  }),
});
