import { removeTotp } from "@/lib/mfa/manage";
import { handler, methods, noContent } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  DELETE: handler({ auth: "user" }, async ({ principal, client }) => {
    await removeTotp(principal, client);
    return noContent();
  }),
});
