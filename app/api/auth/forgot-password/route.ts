import { FORGOT_PASSWORD_MESSAGE, requestPasswordReset } from "@/lib/accounts/password-reset";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/forgot-password", async ({ body, client }) => {
    await requestPasswordReset(body.email, client);
    return { status: 202, json: { message: FORGOT_PASSWORD_MESSAGE } };
  }),
});
