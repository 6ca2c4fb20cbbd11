import { handler, methods } from "@/lib/http/route";
import { ssoStartUrl } from "@/lib/sso/sign-in";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handler("post /api/auth/sso/start", async ({ body, client }) => ({
    json: await ssoStartUrl(body, client),
    headers: { "cache-control": "no-store" },
  })),
});
