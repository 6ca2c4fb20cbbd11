import { logOut } from "@/lib/sessions/end";
import { handler, methods, noContent } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/logout", async ({ body, principal, client }) => {
    await logOut({ userId: principal.userId, sessionId: principal.sessionId, allSessions: body.allSessions, client });
    return noContent();
  }),
});
