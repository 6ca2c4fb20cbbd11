import { removeTotp } from "@/lib/mfa/manage";
import { handler, methods, noContent } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  DELETE: handler("delete /api/auth/mfa/totp", async ({ principal, body, client }) => {
    await removeTotp(principal, client, body);
    return noContent();
  }),
});
