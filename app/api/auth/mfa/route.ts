import { mfaStatus } from "@/lib/mfa/factors";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/auth/mfa", async ({ principal }) => ({ json: await mfaStatus(principal.userId) })),
});
