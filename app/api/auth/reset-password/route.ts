import { resetPassword } from "@/lib/accounts/password-reset";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/reset-password", async ({ body, client }) => ({
    json: await resetPassword(body, client),
  })),
});
