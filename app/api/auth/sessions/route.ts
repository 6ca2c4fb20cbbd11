import { listActiveSessions } from "@/lib/sessions/list";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/auth/sessions", async ({ principal }) => ({
    json: { items: await listActiveSessions(principal.userId, principal.sessionId) },
  })),
});
