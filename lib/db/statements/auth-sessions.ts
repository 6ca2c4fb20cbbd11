import "server-only";
import type { AuthSession } from "@/lib/generated/prisma/client";
import { sql, type Executor } from "../sql";
import { profileSql, type ProfileRow } from "./users";

// auth_sessions: a session begins (with its first refresh token), is checked on every request,
// and records how it was authenticated. Expiry is judged by the database's clock.

export type SessionCheckRow = Pick<
  AuthSession,
  "id" | "userId" | "organizationId" | "revokedAt" | "stepUpUntil" | "amr" | "aal" | "impersonatedById" | "ssoOrganizationId" | "createdAt"
> & {
  /** expiresAt is still ahead (the database's now()). */
  live: boolean;
  /** lastUsedAt is older than a minute: worth writing again. */
  stale: boolean;
};

/** The session check's columns, over `auth_sessions s` (also read with an organization, organizations.ts). */
export const CHECK_COLUMNS = `s.id, s."userId", s."organizationId", s."revokedAt", s."stepUpUntil", s.amr, s.aal, s."impersonatedById", s."ssoOrganizationId", s."createdAt",
       s."expiresAt" > (now() AT TIME ZONE 'UTC') AS live,
       s."lastUsedAt" < (now() AT TIME ZONE 'UTC') - interval '60 seconds' AS stale`;

/** The per-request check behind every access token: one primary-key lookup. */
export async function sessionCheck(sessionId: string): Promise<SessionCheckRow | undefined> {
  const [row] = await sql<SessionCheckRow>("session_check", `SELECT ${CHECK_COLUMNS} FROM auth_sessions s WHERE s.id = $1`, [sessionId]);
  return row;
}

const CHECK_FIELDS = [
  "id",
  "userId",
  "organizationId",
  "revokedAt",
  "stepUpUntil",
  "amr",
  "aal",
  "impersonatedById",
  "ssoOrganizationId",
  "createdAt",
  "live",
  "stale",
] as const;

/** The check's columns of `c` as `"session.<field>"`, for a statement that reads more beside them. */
export const PREFIXED_CHECK_COLUMNS = CHECK_FIELDS.map((f) => `c."${f}" AS "session.${f}"`).join(", ");

/** The session check's row out of a row selected with PREFIXED_CHECK_COLUMNS. */
export const sessionOf = (row: Record<string, unknown>): SessionCheckRow =>
  Object.fromEntries(CHECK_FIELDS.map((f) => [f, row[`session.${f}`]])) as unknown as SessionCheckRow;

/**
 * The same check with the caller's profile in the same statement (GET /api/auth/profile: one
 * round trip). The profile is read only when the session is the token's user's and not revoked;
 * `profile` is undefined otherwise (never a row of NULLs).
 */
export async function sessionCheckWithProfile(
  sessionId: string,
  userId: string,
): Promise<{ session: SessionCheckRow; profile: ProfileRow | undefined } | undefined> {
  const [row] = await sql<Record<string, unknown>>(
    "session_check_profile",
    `SELECT ${PREFIXED_CHECK_COLUMNS}, p.*
       FROM (SELECT ${CHECK_COLUMNS} FROM auth_sessions s WHERE s.id = $1) c
       LEFT JOIN LATERAL (SELECT true AS "profile.found", x.* FROM (${profileSql('c."userId"')}) x) p
         ON c."userId" = $2 AND c."revokedAt" IS NULL`,
    [sessionId, userId],
  );
  if (!row) return undefined;
  const session = sessionOf(row);
  const found = row["profile.found"] === true;
  for (const key of [...CHECK_FIELDS.map((f) => `session.${f}`), "profile.found"]) delete row[key];
  return { session, profile: found ? (row as unknown as ProfileRow) : undefined };
}

/** Written at most once a minute per session (the check says when). */
export async function touchSession(sessionId: string): Promise<void> {
  await sql("session_touch", `UPDATE auth_sessions SET "lastUsedAt" = (now() AT TIME ZONE 'UTC') WHERE id = $1`, [sessionId]);
}

export type AssuranceRow = Pick<AuthSession, "amr" | "aal" | "impersonatedById" | "expiresAt">;

export async function sessionAssurance(sessionId: string): Promise<AssuranceRow | undefined> {
  const [row] = await sql<AssuranceRow>(
    "session_assurance",
    `SELECT amr, aal, "impersonatedById", "expiresAt" FROM auth_sessions WHERE id = $1`,
    [sessionId],
  );
  return row;
}

export interface StartSessionValues {
  userId: string;
  organizationId: string | null;
  amr: string[];
  aal: "aal1" | "aal2";
  ip: string | null;
  userAgent: string | null;
  ttlSeconds: number;
  /** Null for a session that is never refreshed (impersonation): it gets no refresh token at all. */
  refreshTokenHash: string | null;
  /** When given, the session opens only while the account's credentialEpoch is still this. */
  credentialEpoch: number | null;
  /** The instance admin who opens this session as the user (impersonation), or null. */
  impersonatedById?: string | null;
  /** The organization whose identity provider signed the person in (SSO), or null. */
  ssoOrganizationId?: string | null;
}

export type StartedSessionRow = Pick<AuthSession, "id" | "organizationId" | "expiresAt">;

/**
 * THE insert every session begins with: the session and its first refresh token, all or nothing.
 * It checks again, at the moment of writing, what may have changed since the credentials were:
 * the account row is locked (FOR SHARE) and its epoch compared, so a password change, reset or
 * "log out everywhere" that began after the password was checked refuses the session
 * (revokeUserSessions bumps the epoch before it revokes); the organization is activated only
 * while the person is still a member. No row: overtaken (or the account is gone, or disabled).
 */
export async function insertSession(v: StartSessionValues, tx?: Executor): Promise<StartedSessionRow | undefined> {
  const [row] = await sql<StartedSessionRow>(
    "start_session",
    `WITH account AS (
       SELECT id FROM users WHERE id = $1 AND "disabledAt" IS NULL AND ($9::int IS NULL OR "credentialEpoch" = $9::int) FOR SHARE),
     organization AS (
       SELECT (SELECT m."organizationId" FROM memberships m WHERE m."userId" = $1 AND m."organizationId" = $2::text) AS id),
     session AS (
       INSERT INTO auth_sessions (id, "userId", "organizationId", amr, aal, ip, "userAgent", "createdAt", "lastUsedAt", "expiresAt", "impersonatedById", "ssoOrganizationId")
       SELECT gen_random_uuid()::text, account.id, organization.id, $3::text[], $4, $5, $6, (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC'),
              (now() AT TIME ZONE 'UTC') + make_interval(secs => $7::int), $10::text, $11::text
         FROM account, organization
       RETURNING id, "organizationId", "expiresAt"),
     refresh AS (
       INSERT INTO refresh_tokens (id, "sessionId", "tokenHash", "expiresAt", "createdAt")
       SELECT gen_random_uuid()::text, id, $8::text, "expiresAt", (now() AT TIME ZONE 'UTC') FROM session WHERE $8::text IS NOT NULL)
     SELECT id, "organizationId", "expiresAt" FROM session`,
    [
      v.userId,
      v.organizationId,
      v.amr,
      v.aal,
      v.ip,
      v.userAgent,
      v.ttlSeconds,
      v.refreshTokenHash,
      v.credentialEpoch,
      v.impersonatedById ?? null,
      v.ssoOrganizationId ?? null,
    ],
    tx,
  );
  return row;
}

export interface RaisedRow {
  previousAal: string;
  stepUpUntil: Date | null;
}

/**
 * Raises a live session of `userId` to aal2 with `amr` (and, with `windowSeconds`, opens the
 * step-up window), only while the account's credentialEpoch is still `epoch`: the share lock on
 * the account row waits for a factor removal in progress, which moves the epoch, so a code checked
 * before a removal never raises a session after it. No row: overtaken, or the session ended.
 */
export async function raiseSessionIfUnchanged(
  v: { sessionId: string; userId: string; epoch: number; amr: string[]; windowSeconds: number | null },
  tx?: Executor,
): Promise<RaisedRow | undefined> {
  const [row] = await sql<RaisedRow>(
    "session_raise",
    `WITH account AS (
       SELECT id FROM users WHERE id = $2 AND "credentialEpoch" = $3::int FOR SHARE),
     before AS (
       SELECT s.id, s.aal FROM auth_sessions s, account
        WHERE s.id = $1 AND s."userId" = $2 AND s."revokedAt" IS NULL FOR UPDATE OF s)
     UPDATE auth_sessions s
        SET amr = $4::text[], aal = 'aal2',
            "stepUpUntil" = CASE WHEN $5::int IS NULL THEN s."stepUpUntil" ELSE (now() AT TIME ZONE 'UTC') + make_interval(secs => $5::int) END
       FROM before
      WHERE s.id = before.id
     RETURNING before.aal AS "previousAal", s."stepUpUntil"`,
    [v.sessionId, v.userId, v.epoch, v.amr, v.windowSeconds],
    tx,
  );
  return row;
}
