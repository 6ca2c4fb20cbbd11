import { resetPassword } from "@/lib/accounts/password-reset";
import { handler, methods } from "@/lib/http/route";

// Alias of reset-password for clients of older APIs: the token travels in the path.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/update-password/{token}", async ({ params, body, client }) => ({
    json: await resetPassword({ token: params.token, password: body.password }, client),
  })),
});
