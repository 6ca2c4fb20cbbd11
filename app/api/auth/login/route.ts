import { login } from "@/lib/sign-in/doors/password";
import { tokenResult } from "@/lib/sessions/token-response";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/login", async ({ body, client }) => tokenResult(await login(body, client))),
});
