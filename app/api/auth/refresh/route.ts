import { rotateRefreshToken } from "@/lib/sessions/rotate";
import { buildTokenResponse, tokenResult } from "@/lib/sessions/token-response";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/refresh", async ({ body, client }) => {
    const rotated = await rotateRefreshToken(body.refresh_token, client);
    return tokenResult(await buildTokenResponse(rotated));
  }),
});
