import { handler, methods } from "@/lib/http/route";
import { listPasskeys } from "@/lib/passkeys/manage";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/auth/passkeys", async ({ principal }) => ({ json: await listPasskeys(principal.userId) })),
});
