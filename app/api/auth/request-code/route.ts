import { CODE_SENT_MESSAGE, resendConfirmation } from "@/lib/accounts/resend-confirmation";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/request-code", async ({ body, client }) => {
    await resendConfirmation(body.email, client);
    return { status: 202, json: { message: CODE_SENT_MESSAGE } };
  }),
});
