import "server-only";
import { sha256 } from "@/lib/auth/crypto";
import { profileFromRow, type Profile } from "@/lib/accounts/profile";
import { config } from "@/lib/config/env";
import { db, type Tx } from "@/lib/db/client";
import { insertGraceSibling, lookupRefreshToken, rotateById, rotateLive, spentInGrace } from "@/lib/db/statements/refresh-tokens";
import { organizationIfMember } from "@/lib/events/audience";
import { emitAfter } from "@/lib/events/emit";
import type { ClientInfo } from "@/lib/http/client-info";
import { accountDisabled, ApiError } from "@/lib/http/errors";
import { mfaPolicyRefusal } from "@/lib/mfa/policy";
import { aalOf, type Assurance, type IssuedRefreshToken } from "./assurance";
import { revokeSession } from "./end";
import { newRefreshToken } from "./start";

// Refresh tokens: issued, rotated on every use, superseded when the session changes what its
// tokens stand for, and a reused one ends the whole session.

const refreshExpiry = () => new Date(Date.now() + config().REFRESH_TOKEN_TTL_SECONDS * 1000);

/**
 * The session changed what its tokens stand for (raised to aal2, moved to another organization):
 * its token generation moves on, so every refresh token issued before is superseded (and so is
 * any a concurrent rotation issues from one of them), and only the one issued here works.
 * Otherwise a stolen aal1-era token would go on minting tokens of the raised session.
 */
export async function replaceRefreshTokens(tx: Tx, sessionId: string): Promise<IssuedRefreshToken> {
  const token = newRefreshToken();
  const expiresAt = refreshExpiry();
  const { tokenGeneration } = await tx.authSession.update({
    where: { id: sessionId },
    data: { tokenGeneration: { increment: 1 }, expiresAt, lastUsedAt: new Date() },
    select: { tokenGeneration: true },
  });
  await tx.refreshToken.create({ data: { sessionId, tokenHash: sha256(token), expiresAt, generation: tokenGeneration } });
  return { token, expiresAt };
}

const invalidRefresh = () => new ApiError("invalid_token", "The refresh token is invalid, expired or revoked.", { status: 401 });

export interface Rotated {
  sessionId: string;
  userId: string;
  organizationId: string | null;
  refresh: IssuedRefreshToken;
  assurance: Assurance;
  /** The token response's profile, when the rotation statement read it too. */
  profile?: Profile;
}

/**
 * Rotates a refresh token: the presented one is spent and a new one issued. A token spent moments
 * ago (the grace window) yields its one sibling (the other tab's request); spent earlier, it is
 * reuse, and the whole session is revoked. The usual case is one statement (rotateLive); anything
 * else falls through to the checks below.
 */
export async function rotateRefreshToken(presented: string, client: ClientInfo): Promise<Rotated> {
  const next = { token: newRefreshToken(), expiresAt: refreshExpiry() };
  const ttl = config().REFRESH_TOKEN_TTL_SECONDS;
  const fast = await rotateLive(sha256(presented), sha256(next.token), ttl);
  if (fast) {
    const assurance: Assurance = { amr: fast.amr ?? [], aal: aalOf(fast.aal) };
    const profile = profileFromRow(fast, fast.organizationId);
    return { sessionId: fast.sessionId, userId: fast.userId, organizationId: fast.organizationId, assurance, refresh: next, profile };
  }

  const row = await lookupRefreshToken(sha256(presented));
  // Disabling ended the session; the client learns why rather than a plain 401.
  if (row?.accountDisabled) throw accountDisabled();
  // A superseded token (the session was raised or switched since) is refused, but it is no sign
  // of theft: the client's other tab may simply still hold it.
  if (!row || row.revokedAt || row.superseded || !row.live) throw invalidRefresh();
  // A refresh carries the session's assurance as it is: it never raises it.
  const assurance: Assurance = { amr: row.amr ?? [], aal: aalOf(row.aal) };
  const session = { sessionId: row.sessionId, userId: row.userId, organizationId: row.organizationId, assurance };
  // A session whose organization now requires two factors it has not used is refused as
  // switch-org refuses it, with the token left unspent (reuse is still reuse, below).
  // A grace sibling gets no grace of its own: re-presented once spent, it is reuse.
  const reused = row.usedAt !== null && (!row.inGrace || row.graceSibling);
  const refusal = reused
    ? null
    : mfaPolicyRefusal({ name: row.organizationName ?? "", requireMfa: row.requireMfa }, { hasFactor: row.hasFactor, aal: assurance.aal });
  if (refusal) throw refusal;

  if (await rotateById(row.id, sha256(next.token), ttl)) return { ...session, refresh: next };

  // Already spent: another tab's refresh a moment ago gets the sibling; anything later is theft.
  if (!row.graceSibling && (await spentInGrace(row.id))) return { ...session, refresh: await graceSibling(presented, row.id, ttl) };
  // Revoke first; the event can never hold the revocation back.
  await revokeSession(db(), session.sessionId, "refresh_token_reuse");
  await emitAfter({
    type: "token.reuse_detected",
    organizationId: await organizationIfMember(session.userId, session.organizationId).catch(() => null),
    actorId: session.userId,
    client,
    // No session id: admins read this log, and a session id is half of a forged token.
    metadata: {},
  });
  throw invalidRefresh();
}

/**
 * The one sibling a token spent moments ago yields. It is derived from the presented token, so
 * every re-presentation inside the window gets the same sibling instead of a new independent
 * chain that reuse detection would never see; only a holder of the spent token can derive it,
 * and the database keeps its hash like any other.
 */
async function graceSibling(presented: string, parentId: string, ttl: number): Promise<IssuedRefreshToken> {
  const token = `rt_${sha256(`refresh-grace-sibling:${presented}`)}`;
  const expiresAt = await insertGraceSibling(parentId, sha256(token), ttl);
  if (!expiresAt) throw invalidRefresh();
  return { token, expiresAt };
}
