import "server-only";
import { instanceAuditPage, userAuditEvents } from "@/lib/db/statements/admin";
import { decodeCursor, pageOf } from "@/lib/http/cursor";

// The instance's own log: events of no organization (what is kept for operators, and every admin
// action's instance copy), newest first.

export async function listInstanceEvents(page: { type?: string; actorId?: string; cursor?: string; limit: number }) {
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = await instanceAuditPage({ type: page.type ?? null, actorId: page.actorId ?? null }, after, page.limit + 1);
  return pageOf(rows, page.limit);
}

/**
 * What an admin reads before acting on an account: the newest events it took part in, as actor or
 * as the person an event is about (`metadata.userId`), from every log, each event once.
 */
export async function recentEventsOfUser(userId: string, limit = 20) {
  return userAuditEvents(userId, limit);
}
