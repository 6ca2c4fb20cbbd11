import { db } from "@/lib/db/client";
import { revokeSession } from "@/lib/auth/sessions";
import { notFound } from "@/lib/http/errors";
import { handler, methods, noContent } from "@/lib/http/route";
import { sessionParamsSchema } from "@/lib/validation/auth";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  DELETE: handler({ auth: "user", params: sessionParamsSchema }, async ({ params, principal }) => {
    // Scoped to the caller: another user's session id is simply not found.
    const session = await db().authSession.findFirst({
      where: { id: params.sid, userId: principal.userId, revokedAt: null },
      select: { id: true },
    });
    if (!session) throw notFound("No active session with this id.");
    await revokeSession(db(), session.id, "revoked_by_user");
    return noContent();
  }),
});
