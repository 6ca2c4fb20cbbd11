import { login } from "@/lib/accounts/login";
import { tokenResult } from "@/lib/auth/token-response";
import { handler, methods } from "@/lib/http/route";
import { loginSchema } from "@/lib/validation/auth";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handler("post /api/auth/login", async ({ body, client }) => tokenResult(await login(body, client))),
});
