import { checkResetToken } from "@/lib/accounts/password-reset";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/validate-token", async ({ body, client }) => ({
    json: await checkResetToken(body.token, client),
  })),
});
