import { FORGOT_PASSWORD_MESSAGE, requestPasswordReset } from "@/lib/accounts/password-reset";
import { handler, methods } from "@/lib/http/route";
import { forgotPasswordSchema } from "@/lib/validation/password";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handler("post /api/auth/forgot-password", async ({ body, client }) => {
    await requestPasswordReset(body.email, client);
    return { status: 202, json: { message: FORGOT_PASSWORD_MESSAGE } };
  }),
});
