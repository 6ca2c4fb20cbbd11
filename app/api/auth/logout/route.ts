import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { revokeSession, revokeUserSessions } from "@/lib/auth/sessions";
import { handler, methods, noContent } from "@/lib/http/route";
import { logoutSchema } from "@/lib/validation/auth";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handler({ auth: "user", body: logoutSchema }, async ({ body, principal, client }) => {
    await db().$transaction(async (tx) => {
      if (body.allSessions) await revokeUserSessions(tx, principal.userId, "logout_all");
      else await revokeSession(tx, principal.sessionId, "logout");
      await recordAudit(tx, {
        type: "logout",
        organizationId: principal.organizationId,
        actorId: principal.userId,
        client,
        metadata: { allSessions: Boolean(body.allSessions), sessionId: principal.sessionId },
      });
    });
    return noContent();
  }),
});
