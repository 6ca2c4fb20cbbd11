import "server-only";
import { config } from "@/lib/config/env";
import { db, type Tx } from "@/lib/db/client";
import { sql } from "@/lib/db/sql";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { organizationIfMember, recordAuditAfter } from "@/lib/audit/record";
import { profileFromRow, profileSql, type Profile, type ProfileRow } from "@/lib/accounts/profile";
import { hasSecondFactorSql } from "@/lib/mfa/factors";
import { mfaPolicyRefusal } from "@/lib/mfa/policy";
import { randomToken, sha256 } from "./crypto";

// Server-side sessions. Every access token names its session (sid); a revoked session stops
// its access tokens on their next request and its refresh tokens at once.

/** Two refreshes of one token this close together are two tabs racing, not theft. */
export const REFRESH_GRACE_MS = 10_000;

export interface IssuedRefreshToken {
  token: string;
  expiresAt: Date;
}

const refreshExpiry = () => new Date(Date.now() + config().REFRESH_TOKEN_TTL_SECONDS * 1000);

/** Issues one more refresh token on an existing session. */
export async function addRefreshToken(tx: Tx, sessionId: string): Promise<IssuedRefreshToken> {
  const token = `rt_${randomToken(32)}`;
  const expiresAt = refreshExpiry();
  await tx.refreshToken.create({ data: { sessionId, tokenHash: sha256(token), expiresAt } });
  await tx.authSession.update({ where: { id: sessionId }, data: { expiresAt, lastUsedAt: new Date() } });
  return { token, expiresAt };
}

/**
 * The session changed what its tokens stand for (raised to aal2, moved to another organization):
 * every refresh token issued before is superseded and only the one issued here works. Otherwise a
 * stolen aal1-era token would go on minting tokens of the raised session.
 */
export async function replaceRefreshTokens(tx: Tx, sessionId: string): Promise<IssuedRefreshToken> {
  await tx.refreshToken.updateMany({ where: { sessionId, supersededAt: null }, data: { supersededAt: new Date() } });
  return addRefreshToken(tx, sessionId);
}

/** How a session was authenticated: RFC 8176 method names and the assurance level they reach. */
export interface Assurance {
  amr: string[];
  aal: "aal1" | "aal2";
}

export const SINGLE_FACTOR = (amr: string): Assurance => ({ amr: [amr], aal: "aal1" });

export async function startSession(
  tx: Tx,
  input: { userId: string; organizationId: string | null; client: ClientInfo; assurance: Assurance },
): Promise<{ sessionId: string; refresh: IssuedRefreshToken }> {
  const session = await tx.authSession.create({
    data: {
      userId: input.userId,
      organizationId: input.organizationId,
      amr: input.assurance.amr,
      aal: input.assurance.aal,
      ip: input.client.ip,
      userAgent: input.client.userAgent,
      expiresAt: refreshExpiry(),
    },
    select: { id: true },
  });
  return { sessionId: session.id, refresh: await addRefreshToken(tx, session.id) };
}

interface RefreshLookupRow {
  id: string;
  usedAt: Date | null;
  supersededAt: Date | null;
  expiresAt: Date;
  sessionId: string;
  userId: string;
  organizationId: string | null;
  revokedAt: Date | null;
  amr: string[] | null;
  aal: string;
  organizationName: string | null;
  requireMfa: boolean;
  hasFactor: boolean;
}

/**
 * "The session `s` sits in an organization that requires two factors, and it has not used one (or
 * the account has none)": such a refresh leaves the one-statement path for the checks below.
 */
const outsideMfaPolicySql = (s: string) =>
  `EXISTS (SELECT 1 FROM organizations o WHERE o.id = ${s}."organizationId" AND o."requireMfa"
             AND (${s}.aal <> 'aal2' OR NOT ${hasSecondFactorSql(`${s}."userId"`)}))`;

const invalidRefresh = () => new ApiError("invalid_token", "The refresh token is invalid, expired or revoked.", { status: 401 });

/**
 * Rotates a refresh token: the presented one is spent and a new one issued. A token spent less
 * than REFRESH_GRACE_MS ago yields a sibling (the other tab's request); spent earlier, it is
 * reuse, and the whole session is revoked.
 */
export async function rotateRefreshToken(
  presented: string,
  client: ClientInfo,
): Promise<{
  sessionId: string;
  userId: string;
  organizationId: string | null;
  refresh: IssuedRefreshToken;
  assurance: Assurance;
  /** The token response's profile, when the rotation statement read it too. */
  profile?: Profile;
}> {
  // Plain SQL (lib/db/sql.ts): rotation is on the path of every client's hourly refresh. The
  // usual case, a live token on a live session, is one statement: spend it, issue its successor,
  // extend the session (all or nothing), and read the profile the token response carries.
  // Anything else falls through to the checks below.
  const next = { token: `rt_${randomToken(32)}`, expiresAt: refreshExpiry() };
  const ttl = config().REFRESH_TOKEN_TTL_SECONDS;
  const [fast] = await sql<{ sessionId: string; userId: string; organizationId: string | null; amr: string[] | null; aal: string } & ProfileRow>(
    "refresh_rotate_live",
    `WITH spent AS (
       UPDATE refresh_tokens r SET "usedAt" = (now() AT TIME ZONE 'UTC')
         FROM auth_sessions s
        WHERE r."tokenHash" = $1 AND r."usedAt" IS NULL AND r."supersededAt" IS NULL AND r."expiresAt" > (now() AT TIME ZONE 'UTC')
          AND s.id = r."sessionId" AND s."revokedAt" IS NULL
          AND NOT ${outsideMfaPolicySql("s")}
       RETURNING r."sessionId", s."userId", s."organizationId", s.amr, s.aal),
     issued AS (
       INSERT INTO refresh_tokens (id, "sessionId", "tokenHash", "expiresAt", "createdAt")
       SELECT gen_random_uuid()::text, "sessionId", $2, (now() AT TIME ZONE 'UTC') + make_interval(secs => $3), (now() AT TIME ZONE 'UTC')
         FROM spent RETURNING "sessionId"),
     extended AS (
       UPDATE auth_sessions SET "expiresAt" = (now() AT TIME ZONE 'UTC') + make_interval(secs => $3), "lastUsedAt" = (now() AT TIME ZONE 'UTC')
        WHERE id IN (SELECT "sessionId" FROM issued))
     SELECT spent.*, profile.* FROM spent LEFT JOIN LATERAL (${profileSql('spent."userId"')}) profile ON true`,
    [sha256(presented), sha256(next.token), ttl],
  );
  if (fast) {
    const assurance: Assurance = { amr: fast.amr ?? [], aal: fast.aal === "aal2" ? "aal2" : "aal1" };
    const profile = profileFromRow(fast, fast.organizationId);
    return { sessionId: fast.sessionId, userId: fast.userId, organizationId: fast.organizationId, assurance, refresh: next, profile };
  }

  const [row] = await sql<RefreshLookupRow>(
    "refresh_lookup",
    `SELECT r.id, r."usedAt", r."supersededAt", r."expiresAt", s.id AS "sessionId", s."userId", s."organizationId", s."revokedAt", s.amr, s.aal,
            o.name AS "organizationName", coalesce(o."requireMfa", false) AS "requireMfa", ${hasSecondFactorSql('s."userId"')} AS "hasFactor"
       FROM refresh_tokens r JOIN auth_sessions s ON s.id = r."sessionId" LEFT JOIN organizations o ON o.id = s."organizationId"
      WHERE r."tokenHash" = $1`,
    [sha256(presented)],
  );
  // A superseded token (the session was raised or switched since) is refused, but it is no sign
  // of theft: the client's other tab may simply still hold it.
  if (!row || row.revokedAt || row.supersededAt || row.expiresAt <= new Date()) throw invalidRefresh();
  // A refresh carries the session's assurance as it is: it never raises it.
  const assurance: Assurance = { amr: row.amr ?? [], aal: row.aal === "aal2" ? "aal2" : "aal1" };
  // A session whose organization now requires two factors it has not used is refused as
  // switch-org refuses it, with the token left unspent (reuse is still reuse, below).
  const reused = row.usedAt !== null && Date.now() - row.usedAt.getTime() > REFRESH_GRACE_MS;
  const refusal = reused ? null : mfaPolicyRefusal({ name: row.organizationName ?? "", requireMfa: row.requireMfa }, { hasFactor: row.hasFactor, aal: assurance.aal });
  if (refusal) throw refusal;
  const session = { sessionId: row.sessionId, userId: row.userId, organizationId: row.organizationId, assurance };

  // Spend the presented token and issue its successor in one statement: both happen or neither.
  const [rotated] = await sql<{ rotated: number }>(
    "refresh_rotate",
    `WITH spent AS (
       UPDATE refresh_tokens SET "usedAt" = (now() AT TIME ZONE 'UTC') WHERE id = $1 AND "usedAt" IS NULL RETURNING "sessionId"),
     issued AS (
       INSERT INTO refresh_tokens (id, "sessionId", "tokenHash", "expiresAt", "createdAt")
       SELECT gen_random_uuid()::text, "sessionId", $2, (now() AT TIME ZONE 'UTC') + make_interval(secs => $3), (now() AT TIME ZONE 'UTC')
         FROM spent RETURNING "sessionId")
     UPDATE auth_sessions SET "expiresAt" = (now() AT TIME ZONE 'UTC') + make_interval(secs => $3), "lastUsedAt" = (now() AT TIME ZONE 'UTC')
      WHERE id IN (SELECT "sessionId" FROM issued)
     RETURNING 1 AS rotated`,
    [row.id, sha256(next.token), ttl],
  );
  if (rotated) return { ...session, refresh: next };

  // Already spent: another tab's refresh a moment ago gets a sibling; anything later is theft.
  const [spent] = await sql<{ usedAt: Date | null }>("refresh_spent_at", `SELECT "usedAt" FROM refresh_tokens WHERE id = $1`, [row.id]);
  if (spent?.usedAt && Date.now() - spent.usedAt.getTime() <= REFRESH_GRACE_MS) {
    return { ...session, refresh: await graceSibling(presented, session.sessionId, ttl) };
  }
  // Revoke first; the audit entry can never hold the revocation back.
  await revokeSession(db(), session.sessionId, "refresh_token_reuse");
  await recordAuditAfter({
    type: "token.reuse_detected",
    organizationId: await organizationIfMember(db(), session.userId, session.organizationId).catch(() => null),
    actorId: session.userId,
    client,
    // No session id: admins read this log, and a session id is half of a forged token.
    metadata: {},
  });
  throw invalidRefresh();
}

/**
 * The one sibling a token spent moments ago yields (the other tab's request). It is derived from
 * the presented token, so every re-presentation inside the window gets the same sibling instead
 * of a new independent chain that reuse detection would never see; only a holder of the spent
 * token can derive it, and the database keeps its hash like any other.
 */
async function graceSibling(presented: string, sessionId: string, ttl: number): Promise<IssuedRefreshToken> {
  const token = `rt_${sha256(`refresh-grace-sibling:${presented}`)}`;
  const [row] = await sql<{ expiresAt: Date }>(
    "refresh_grace_sibling",
    `WITH issued AS (
       INSERT INTO refresh_tokens (id, "sessionId", "tokenHash", "expiresAt", "createdAt")
       VALUES (gen_random_uuid()::text, $1, $2, (now() AT TIME ZONE 'UTC') + make_interval(secs => $3), (now() AT TIME ZONE 'UTC'))
       ON CONFLICT ("tokenHash") DO NOTHING
       RETURNING "sessionId", "expiresAt"),
     extended AS (
       UPDATE auth_sessions SET "expiresAt" = issued."expiresAt", "lastUsedAt" = (now() AT TIME ZONE 'UTC')
         FROM issued WHERE auth_sessions.id = issued."sessionId")
     SELECT "expiresAt" FROM issued`,
    [sessionId, sha256(token), ttl],
  );
  if (row) return { token, expiresAt: row.expiresAt };
  // Issued before (by this tab's earlier request, or a concurrent one that committed first).
  const [existing] = await sql<{ expiresAt: Date }>("refresh_sibling_lookup", `SELECT "expiresAt" FROM refresh_tokens WHERE "tokenHash" = $1`, [sha256(token)]);
  if (!existing) throw invalidRefresh();
  return { token, expiresAt: existing.expiresAt };
}

/**
 * Logs out: ends `sessionId` (and, with `allSessions`, every other session of the user), then
 * records it. The revocation commits first and on its own, so nothing about the audit entry (an
 * organization deleted meanwhile, a failing write) can undo or block it. The entry goes to the
 * session's organization only while the person still belongs to it. A session that had already
 * ended is not logged again.
 */
export async function logOut(input: { userId: string; sessionId: string; allSessions?: boolean; client?: ClientInfo; via?: "api" | "browser" }) {
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
  await recordAuditAfter({
    type: "logout",
    organizationId: await organizationIfMember(db(), input.userId, ended.organizationId).catch(() => null),
    actorId: input.userId,
    client: input.client,
    metadata: { allSessions, via: input.via ?? "api" },
  });
}

export async function revokeSession(client: Tx | ReturnType<typeof db>, sessionId: string, reason: string) {
  await client.authSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date(), revokedReason: reason } });
}

export async function revokeUserSessions(
  client: Tx | ReturnType<typeof db>,
  userId: string,
  reason: string,
  options: { except?: string } = {},
) {
  // First, so that a sign-in whose credentials were checked before this moment cannot open a
  // session after it (startSignInSession locks the account row and compares the epoch): either it
  // committed first and the update below revokes its session, or it sees the new epoch.
  await client.user.updateMany({ where: { id: userId }, data: { credentialEpoch: { increment: 1 } } });
  await client.authSession.updateMany({
    where: { userId, revokedAt: null, ...(options.except ? { id: { not: options.except } } : {}) },
    data: { revokedAt: new Date(), revokedReason: reason },
  });
  // Sign-ins still waiting for their second step were started with the same credentials: a
  // password change or reset, "log out everywhere" or an undone email change ends them too.
  await cancelPendingSignIns(client, userId);
}

/** The account's credentialEpoch now (for doors that checked no password: see beginSignIn). */
export async function currentCredentialEpoch(userId: string): Promise<number | null> {
  const [row] = await sql<{ credentialEpoch: number }>("credential_epoch", `SELECT "credentialEpoch" FROM users WHERE id = $1`, [userId]);
  return row?.credentialEpoch ?? null;
}

export async function cancelPendingSignIns(client: Tx | ReturnType<typeof db>, userId: string) {
  await client.mfaChallenge.updateMany({ where: { userId, consumedAt: null }, data: { consumedAt: new Date() } });
}

export interface ActiveSession {
  id: string;
  userId: string;
  organizationId: string | null;
  stepUpUntil: Date | null;
  amr: string[];
  aal: "aal1" | "aal2";
}

const LAST_USED_RESOLUTION_MS = 60_000;

const SESSION_COLUMNS = ["id", "userId", "organizationId", "revokedAt", "expiresAt", "lastUsedAt", "stepUpUntil", "amr", "aal"];
type SessionRow = ActiveSession & { revokedAt: Date | null; expiresAt: Date; lastUsedAt: Date };

/** A read of the session's own user, made in the session check's statement (requireActiveSession). */
export interface UserRead<Row> {
  /** Names the combined statement (prepared statements are named). */
  name: string;
  /** One SELECT of at most one row for the user that `userRef` (an SQL expression) names. */
  sql: (userRef: string) => string;
  /** Never set: it only carries the row's type to the caller. */
  row?: Row;
}

/**
 * The per-request check behind every access token: one primary-key lookup. No cache, so a
 * revocation on any instance takes effect on the very next request everywhere. lastUsedAt is
 * written at most once a minute per session.
 *
 * With `read`, a read for the session's user is made in the same statement, so a request about
 * its caller's own data makes one round trip. The read runs only when the session is the token's
 * user's and not revoked, and its row is handed back only after every check below passes.
 */
export async function requireActiveSession<Row = never>(
  sessionId: string,
  userId: string,
  read?: UserRead<Row>,
): Promise<{ session: ActiveSession; row: Row | undefined }> {
  if (!read) {
    const [session] = await sql<SessionRow>(
      "session_check",
      `SELECT ${SESSION_COLUMNS.map((c) => `"${c}"`).join(", ")} FROM auth_sessions WHERE id = $1`,
      [sessionId],
    );
    return { session: admitSession(session, userId), row: undefined };
  }
  const [found] = await sql<Record<string, unknown>>(
    `session_check_${read.name}`,
    `SELECT ${SESSION_COLUMNS.map((c) => `s."${c}" AS "session.${c}"`).join(", ")}, r.*
       FROM auth_sessions s
       LEFT JOIN LATERAL (SELECT true AS "read.found", x.* FROM (${read.sql('s."userId"')}) x) r
         ON s."userId" = $2 AND s."revokedAt" IS NULL
      WHERE s.id = $1`,
    [sessionId, userId],
  );
  const session = found && (Object.fromEntries(SESSION_COLUMNS.map((c) => [c, found[`session.${c}`]])) as unknown as SessionRow);
  const admitted = admitSession(session, userId);
  // Without the marker the read did not run (or found no row): no row at all, never one of NULLs.
  const readFound = found!["read.found"] === true;
  for (const c of [...SESSION_COLUMNS.map((c) => `session.${c}`), "read.found"]) delete found![c];
  return { session: admitted, row: readFound ? (found as Row) : undefined };
}

function admitSession(session: SessionRow | undefined, userId: string): ActiveSession {
  if (!session || session.userId !== userId || session.revokedAt || session.expiresAt <= new Date()) {
    throw new ApiError("unauthorized", "This session has ended; sign in again.");
  }
  if (Date.now() - session.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    void sql("session_touch", `UPDATE auth_sessions SET "lastUsedAt" = (now() AT TIME ZONE 'UTC') WHERE id = $1`, [session.id]).catch(() => {});
  }
  return {
    id: session.id,
    userId: session.userId,
    organizationId: session.organizationId,
    stepUpUntil: session.stepUpUntil,
    amr: session.amr ?? [],
    aal: session.aal === "aal2" ? "aal2" : "aal1",
  };
}

export async function listActiveSessions(userId: string, currentSessionId: string | null) {
  const sessions = await db().authSession.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { lastUsedAt: "desc" },
    select: { id: true, createdAt: true, lastUsedAt: true, expiresAt: true, ip: true, userAgent: true },
  });
  return sessions.map((s) => ({ ...s, current: s.id === currentSessionId }));
}
