import "server-only";
import type { AuthSession, Organization, RefreshToken } from "@/lib/generated/prisma/client";
import { sql } from "../sql";
import { hasSecondFactorSql } from "./factors";
import { profileSql, type ProfileRow } from "./users";

// refresh_tokens: rotation, the grace window's sibling, reuse. Every expiry and the grace window
// are judged by the database's clock.

/** Two refreshes of one token this close together are two tabs racing, not theft. */
export const REFRESH_GRACE_SECONDS = 10;

const NOW = `(now() AT TIME ZONE 'UTC')`;

/**
 * "The session `s` sits in an organization that requires two factors, and it has not used one (or
 * the account has none)": such a refresh leaves the one-statement path for the checks of the
 * slower one (lib/sessions/rotate.ts).
 */
const outsideMfaPolicySql = (s: string) =>
  `EXISTS (SELECT 1 FROM organizations o WHERE o.id = ${s}."organizationId" AND o."requireMfa"
             AND (${s}.aal <> 'aal2' OR NOT ${hasSecondFactorSql(`${s}."userId"`)}))`;

export type RotatedRow = Pick<AuthSession, "userId" | "organizationId" | "amr" | "aal"> & { sessionId: string } & ProfileRow;

/**
 * The usual case, a live token on a live session, in one statement: spend it, issue its successor,
 * extend the session (all or nothing), and read the profile the token response carries.
 */
export async function rotateLive(presentedHash: string, nextHash: string, ttlSeconds: number): Promise<RotatedRow | undefined> {
  const [row] = await sql<RotatedRow>(
    "refresh_rotate_live",
    `WITH spent AS (
       UPDATE refresh_tokens r SET "usedAt" = ${NOW}
         FROM auth_sessions s
        WHERE r."tokenHash" = $1 AND r."usedAt" IS NULL AND r."expiresAt" > ${NOW}
          AND s.id = r."sessionId" AND s."revokedAt" IS NULL AND r.generation = s."tokenGeneration"
          AND NOT ${outsideMfaPolicySql("s")}
       RETURNING r."sessionId", r.generation, s."userId", s."organizationId", s.amr, s.aal),
     issued AS (
       INSERT INTO refresh_tokens (id, "sessionId", "tokenHash", "expiresAt", "createdAt", generation)
       SELECT gen_random_uuid()::text, "sessionId", $2, ${NOW} + make_interval(secs => $3), ${NOW}, generation
         FROM spent RETURNING "sessionId"),
     extended AS (
       UPDATE auth_sessions SET "expiresAt" = ${NOW} + make_interval(secs => $3), "lastUsedAt" = ${NOW}
        WHERE id IN (SELECT "sessionId" FROM issued))
     SELECT spent."sessionId", spent."userId", spent."organizationId", spent.amr, spent.aal, profile.* FROM spent LEFT JOIN LATERAL (${profileSql('spent."userId"')}) profile ON true`,
    [presentedHash, nextHash, ttlSeconds],
  );
  return row;
}

export type RefreshLookupRow = Pick<RefreshToken, "id" | "usedAt" | "graceSibling"> &
  Pick<AuthSession, "userId" | "organizationId" | "revokedAt" | "amr" | "aal"> & {
    sessionId: string;
    /** Issued before the session was raised or switched: only newer tokens work. */
    superseded: boolean;
    /** The token has not expired (the database's now()). */
    live: boolean;
    /** Spent less than REFRESH_GRACE_SECONDS ago. */
    inGrace: boolean;
    organizationName: Organization["name"] | null;
    requireMfa: boolean;
    hasFactor: boolean;
    /** An instance admin disabled the account (its sessions were ended with it). */
    accountDisabled: boolean;
  };

/** Everything the slower path decides on: the token, its session, and its organization's policy. */
export async function lookupRefreshToken(presentedHash: string): Promise<RefreshLookupRow | undefined> {
  const [row] = await sql<RefreshLookupRow>(
    "refresh_lookup",
    `SELECT r.id, r."usedAt", r."graceSibling", r.generation <> s."tokenGeneration" AS superseded, r."expiresAt" > ${NOW} AS live,
            r."usedAt" > ${NOW} - make_interval(secs => ${REFRESH_GRACE_SECONDS}) AS "inGrace",
            s.id AS "sessionId", s."userId", s."organizationId", s."revokedAt", s.amr, s.aal,
            o.name AS "organizationName", coalesce(o."requireMfa", false) AS "requireMfa", ${hasSecondFactorSql('s."userId"')} AS "hasFactor",
            u."disabledAt" IS NOT NULL AS "accountDisabled"
       FROM refresh_tokens r JOIN auth_sessions s ON s.id = r."sessionId" JOIN users u ON u.id = s."userId"
            LEFT JOIN organizations o ON o.id = s."organizationId"
      WHERE r."tokenHash" = $1`,
    [presentedHash],
  );
  return row;
}

/** Spends the token (by id) and issues its successor in one statement: both happen or neither. */
export async function rotateById(tokenId: string, nextHash: string, ttlSeconds: number): Promise<boolean> {
  const [row] = await sql<{ rotated: number }>(
    "refresh_rotate",
    `WITH spent AS (
       UPDATE refresh_tokens SET "usedAt" = ${NOW} WHERE id = $1 AND "usedAt" IS NULL RETURNING "sessionId", generation),
     issued AS (
       INSERT INTO refresh_tokens (id, "sessionId", "tokenHash", "expiresAt", "createdAt", generation)
       SELECT gen_random_uuid()::text, "sessionId", $2, ${NOW} + make_interval(secs => $3), ${NOW}, generation
         FROM spent RETURNING "sessionId")
     UPDATE auth_sessions SET "expiresAt" = ${NOW} + make_interval(secs => $3), "lastUsedAt" = ${NOW}
      WHERE id IN (SELECT "sessionId" FROM issued)
     RETURNING 1 AS rotated`,
    [tokenId, nextHash, ttlSeconds],
  );
  return Boolean(row);
}

/** Whether a token that could not be rotated was spent inside the grace window, by the database's clock. */
export async function spentInGrace(tokenId: string): Promise<boolean> {
  const [row] = await sql<{ inGrace: boolean | null }>(
    "refresh_spent_at",
    `SELECT "usedAt" > ${NOW} - make_interval(secs => ${REFRESH_GRACE_SECONDS}) AS "inGrace" FROM refresh_tokens WHERE id = $1`,
    [tokenId],
  );
  return row?.inGrace === true;
}

/**
 * Inserts the grace sibling of the spent token `parentId` (its hash is derived from the spent
 * token, so a second insert finds it: ON CONFLICT DO NOTHING), of the parent's generation and only
 * while that is still the session's and the session is live; extends the session. Answers the
 * sibling's expiry, or, when it was issued before, the existing one's while it is unspent and
 * current: a spent or superseded sibling works no more, so none is handed out.
 */
export async function insertGraceSibling(parentId: string, siblingHash: string, ttlSeconds: number): Promise<Date | undefined> {
  const [issued] = await sql<Pick<RefreshToken, "expiresAt">>(
    "refresh_grace_sibling",
    `WITH issued AS (
       INSERT INTO refresh_tokens (id, "sessionId", "tokenHash", "expiresAt", "createdAt", "graceSibling", generation)
       SELECT gen_random_uuid()::text, p."sessionId", $2, ${NOW} + make_interval(secs => $3), ${NOW}, true, p.generation
         FROM refresh_tokens p JOIN auth_sessions s ON s.id = p."sessionId"
        WHERE p.id = $1 AND p.generation = s."tokenGeneration" AND s."revokedAt" IS NULL
       ON CONFLICT ("tokenHash") DO NOTHING
       RETURNING "sessionId", "expiresAt"),
     extended AS (
       UPDATE auth_sessions SET "expiresAt" = issued."expiresAt", "lastUsedAt" = ${NOW}
         FROM issued WHERE auth_sessions.id = issued."sessionId")
     SELECT "expiresAt" FROM issued`,
    [parentId, siblingHash, ttlSeconds],
  );
  if (issued) return issued.expiresAt;
  // Issued before (by an earlier re-presentation, or a concurrent one that committed first).
  const [existing] = await sql<Pick<RefreshToken, "expiresAt">>(
    "refresh_sibling_lookup",
    `SELECT r."expiresAt" FROM refresh_tokens r JOIN auth_sessions s ON s.id = r."sessionId"
      WHERE r."tokenHash" = $1 AND r."usedAt" IS NULL AND r.generation = s."tokenGeneration" AND s."revokedAt" IS NULL`,
    [siblingHash],
  );
  return existing?.expiresAt;
}
