import "server-only";
import { db } from "@/lib/db/client";

/** GET /api/auth/sessions and the profile page: the user's live sessions, most recently used first. */
export async function listActiveSessions(userId: string, currentSessionId: string | null) {
  const sessions = await db().authSession.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { lastUsedAt: "desc" },
    select: { id: true, createdAt: true, lastUsedAt: true, expiresAt: true, ip: true, userAgent: true },
  });
  return sessions.map((s) => ({ ...s, current: s.id === currentSessionId }));
}
