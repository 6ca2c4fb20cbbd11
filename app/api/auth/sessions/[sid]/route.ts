import { db } from "@/lib/db/client";
import { revokeSession } from "@/lib/sessions/end";
import { notFound } from "@/lib/http/errors";
import { isPlausibleRef } from "@/lib/organizations/context";
import { handler, methods, noContent } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  DELETE: handler("delete /api/auth/sessions/{sid}", async ({ params, principal }) => {
    // Scoped to the caller: another user's session id is simply not found. Ids are UUIDs: any
    // other shape names no row (and some bytes, such as NUL, the database refuses outright).
    const session = !isPlausibleRef(params.sid)
      ? null
      : await db().authSession.findFirst({
          where: { id: params.sid, userId: principal.userId, revokedAt: null },
          select: { id: true },
        });
    if (!session) throw notFound("No active session with this id.");
    await revokeSession(db(), session.id, "revoked_by_user");
    return noContent();
  }),
});
