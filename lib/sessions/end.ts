import "server-only";
import { db, type Tx } from "@/lib/db/client";
import { organizationIfMember } from "@/lib/events/audience";
import { emitAfter } from "@/lib/events/emit";
import type { ClientInfo } from "@/lib/http/client-info";

// How sessions end: logout (one, or everywhere), a revocation, and everything that ends every
// session of an account (password change or reset, factor changes, claimed addresses).

type Client = Tx | ReturnType<typeof db>;

/**
 * Logs out: ends `sessionId` (and, with `allSessions`, every other session of the user), then
 * records it. The revocation commits first and on its own, so nothing about the event (an
 * organization deleted meanwhile, a failing write) can undo or block it. The event goes to the
 * session's organization only while the person still belongs to it. A session that had already
 * ended is not logged again.
 */
export async function logOut(input: {
  userId: string;
  sessionId: string;
  allSessions?: boolean;
  client?: ClientInfo;
  via?: "api" | "browser";
  /** The admin behind an impersonation session being signed out of. */
  impersonatorId?: string | null;
}) {
  const allSessions = Boolean(input.allSessions);
  const reason = allSessions ? "logout_all" : "logout";
  const ended = await db().$transaction(async (tx) => {
    const [current] = await tx.authSession.updateManyAndReturn({
      where: { id: input.sessionId, userId: input.userId, revokedAt: null },
      data: { revokedAt: new Date(), revokedReason: reason },
      select: { organizationId: true },
    });
    if (allSessions) await revokeUserSessions(tx, input.userId, reason);
    return current;
  });
  if (!ended) return;
  await emitAfter({
    type: "logout",
    organizationId: await organizationIfMember(input.userId, ended.organizationId).catch(() => null),
    actorId: input.userId,
    client: input.client,
    metadata: { allSessions, via: input.via ?? "api", ...(input.impersonatorId ? { impersonatorId: input.impersonatorId } : {}) },
  });
}

export async function revokeSession(client: Client, sessionId: string, reason: string) {
  await client.authSession.updateMany({
    where: { id: sessionId, revokedAt: null },
    data: { revokedAt: new Date(), revokedReason: reason },
  });
}

export async function revokeUserSessions(client: Client, userId: string, reason: string, options: { except?: string } = {}) {
  // First, so that a sign-in whose credentials were checked before this moment cannot open a
  // session after it (startSession locks the account row and compares the epoch): either it
  // committed first and the update below revokes its session, or it sees the new epoch.
  await client.user.updateMany({ where: { id: userId }, data: { credentialEpoch: { increment: 1 } } });
  await client.authSession.updateMany({
    where: { userId, revokedAt: null, ...(options.except ? { id: { not: options.except } } : {}) },
    data: { revokedAt: new Date(), revokedReason: reason },
  });
  // The sessions this person opened as others (an admin's impersonations) end with their own:
  // signing a compromised admin out, resetting their factors or password leaves nothing behind.
  await client.authSession.updateMany({
    where: { impersonatedById: userId, revokedAt: null },
    data: { revokedAt: new Date(), revokedReason: reason },
  });
  // Sign-ins still waiting for their second step were started with the same credentials: a
  // password change or reset, "log out everywhere" or an undone email change ends them too.
  await cancelPendingSignIns(client, userId);
}

export async function cancelPendingSignIns(client: Client, userId: string) {
  await client.mfaChallenge.updateMany({ where: { userId, consumedAt: null }, data: { consumedAt: new Date() } });
}
