import "server-only";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { afterResponse } from "@/lib/http/after-response";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { recordAudit, withoutSessionIds } from "@/lib/audit/record";
import { verifyPasswordOrDummy } from "@/lib/auth/passwords";
import { randomToken, sha256 } from "@/lib/auth/crypto";
import type { Assurance, IssuedRefreshToken } from "@/lib/auth/sessions";
import { sql } from "@/lib/db/sql";
import { buildTokenResponse } from "@/lib/auth/token-response";
import { clear, limitFailures, type LimitKey } from "@/lib/security/rate-limit";
import type { LoginInput } from "@/lib/validation/auth";
import { beginSignIn, mfaRequired } from "@/lib/mfa/gate";
import { enforceMfaPolicyOnSignIn } from "@/lib/mfa/policy";
import { isPlausibleRef } from "@/lib/organizations/context";
import { needsRehash, rehashAtCurrentCost } from "./password-rehash";

/** Wrong passwords count per client address and per account (keyed by the address typed). */
const loginLimits = (email: string, client: ClientInfo): LimitKey[] => [
  ["loginFailuresPerClient", client.ip],
  ["loginFailuresPerAccountShort", email],
  ["loginFailuresPerAccountLong", email],
];

/**
 * Checks the password; the same path runs whether or not the account exists (a dummy hash
 * stands in), so neither the answer nor its timing tells them apart. Each attempt is taken from
 * the per-client and per-account allowances before the password is checked and given back when
 * it was right (limitFailures), so simultaneous guesses cannot outrun a lockout; once either is
 * spent, attempts get 429 without the password being checked at all, so a lockout reveals
 * nothing about the password.
 */
export async function authenticate(input: { email: string; password: string }, client: ClientInfo) {
  let refusedUserId: string | undefined;
  const user = await limitFailures(loginLimits(input.email, client), async () => {
    // The epoch is read with the hash it vouches for (startSignInSession compares it).
    const [found] = await sql<{ id: string; email: string; emailVerified: Date | null; passwordHash: string | null; credentialEpoch: number }>(
      "login_user",
      `SELECT id, email, "emailVerified", "passwordHash", "credentialEpoch" FROM users WHERE email = $1`,
      [input.email],
    );
    if (!(await verifyPasswordOrDummy(input.password, found?.passwordHash)) || !found) {
      refusedUserId = found?.id;
      throw new ApiError("invalid_credentials", "The email or password is incorrect.");
    }
    return found;
  }).catch((error: unknown) => {
    // Written after the response, once the failure has counted: an audit write inside the
    // attempt could turn a wrong guess into an error that gives the attempt back, and one before
    // the answer would make a wrong password for a real account slower than for an unknown one.
    const userId = refusedUserId;
    if (userId) {
      afterResponse("login.failed audit", async () => {
        const organizationId = await defaultOrganizationId(userId);
        await recordAudit(db(), { type: "login.failed", organizationId, actorId: userId, client, metadata: { reason: "wrong_password" } });
      });
    }
    throw error;
  });
  await clear("loginFailuresPerAccountShort", input.email);
  const { passwordHash } = user;
  if (passwordHash && needsRehash(passwordHash)) {
    afterResponse("password rehash", () => rehashAtCurrentCost(user.id, passwordHash, input.password));
  }
  if (!user.emailVerified && config().EMAIL_CONFIRMATION_REQUIRED) {
    throw new ApiError("email_not_verified", "Confirm your email address first: enter the code we sent, or request a new one.");
  }
  return user;
}

async function defaultOrganizationId(userId: string): Promise<string | null> {
  const [first] = await sql<{ organizationId: string }>(
    "first_membership",
    `SELECT "organizationId" FROM memberships WHERE "userId" = $1 ORDER BY "createdAt" ASC, id ASC LIMIT 1`,
    [userId],
  );
  return first?.organizationId ?? null;
}

/** The organization a new session starts in: the one asked for (if a member), else the first. */
export async function organizationForNewSession(userId: string, requested?: string): Promise<string | null> {
  if (requested) {
    // An id of another shape names no organization (and NUL and the like reach no query).
    const membership = !isPlausibleRef(requested) ? null : await db().membership.findUnique({
      where: { userId_organizationId: { userId, organizationId: requested } },
      select: { organizationId: true },
    });
    if (!membership) throw new ApiError("not_a_member", "You are not a member of that organization.");
    return membership.organizationId;
  }
  return defaultOrganizationId(userId);
}

/**
 * Starts a server-side session with its first refresh token and records the sign-in in the
 * organization it activates. Only the second-factor gate (lib/mfa/gate.ts) and the second step
 * call it, so no door opens a session without asking whether a second factor is owed.
 *
 * One plain statement, so all three rows are written or none: every sign-in runs it, and as a
 * Prisma transaction it was six round trips and ~8 ms of the event loop's CPU (docs/performance.md).
 * It checks again, at the moment of writing, what may have changed since the credentials were:
 * - `credentialEpoch` (when given): the account row is locked and its epoch compared, so a
 *   password change, reset or "log out everywhere" that began after the password was checked
 *   refuses the session (revokeUserSessions bumps the epoch before it revokes);
 * - the organization: activated only while the person is still a member (it may have been
 *   deleted, or they removed, while a second step was pending); else the session starts in none.
 * Returns null when the sign-in was overtaken (or the account is gone): the caller refuses it.
 */
export async function startSignInSession(
  userId: string,
  organizationId: string | null,
  client: ClientInfo,
  via: string,
  assurance: Assurance,
  credentialEpoch: number | null,
): Promise<{ sessionId: string; organizationId: string | null; refresh: IssuedRefreshToken } | null> {
  const token = `rt_${randomToken(32)}`;
  // No session id in the audit metadata: admins read this log, and a session id is half of a forged token.
  const metadata = withoutSessionIds({ via, amr: assurance.amr });
  const [started] = await sql<{ sessionId: string; organizationId: string | null; expiresAt: Date }>(
    "start_sign_in_session",
    `WITH account AS (
       SELECT id FROM users WHERE id = $1 AND ($10::int IS NULL OR "credentialEpoch" = $10) FOR SHARE),
     organization AS (
       SELECT (SELECT m."organizationId" FROM memberships m WHERE m."userId" = $1 AND m."organizationId" = $2) AS id),
     session AS (
       INSERT INTO auth_sessions (id, "userId", "organizationId", amr, aal, ip, "userAgent", "createdAt", "lastUsedAt", "expiresAt")
       SELECT gen_random_uuid()::text, account.id, organization.id, $3::text[], $4, $5, $6, (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC'),
              (now() AT TIME ZONE 'UTC') + make_interval(secs => $7)
         FROM account, organization
       RETURNING id, "organizationId", "expiresAt"),
     refresh AS (
       INSERT INTO refresh_tokens (id, "sessionId", "tokenHash", "expiresAt", "createdAt")
       SELECT gen_random_uuid()::text, id, $8, "expiresAt", (now() AT TIME ZONE 'UTC') FROM session),
     audit AS (
       INSERT INTO audit_events (id, "organizationId", type, "actorId", "actorType", ip, "userAgent", metadata, "createdAt")
       SELECT gen_random_uuid()::text, "organizationId", 'login.succeeded', $1, 'user', $5, $6, $9::jsonb, (now() AT TIME ZONE 'UTC') FROM session)
     SELECT id AS "sessionId", "organizationId", "expiresAt" FROM session`,
    [
      userId,
      organizationId,
      assurance.amr,
      assurance.aal,
      client.ip,
      client.userAgent,
      config().REFRESH_TOKEN_TTL_SECONDS,
      sha256(token),
      JSON.stringify(metadata),
      credentialEpoch,
    ],
  );
  if (!started) return null;
  return { sessionId: started.sessionId, organizationId: started.organizationId, refresh: { token, expiresAt: started.expiresAt } };
}

const FIRST_FACTOR = { password: "pwd", code: "otp", link: "otp" } as const;

/**
 * Opens a session for an API client and answers with its tokens, or 403 mfa_required with an
 * mfaToken when the account has a second factor.
 */
export async function openSession(
  userId: string,
  organizationId: string | null,
  client: ClientInfo,
  via: "password" | "code" | "link",
  credentialEpoch?: number,
) {
  const outcome = await beginSignIn({ userId, organizationId, client, via, firstFactor: FIRST_FACTOR[via], credentialEpoch });
  if (outcome.kind === "second_factor_required") throw mfaRequired(outcome);
  return buildTokenResponse(outcome);
}

export async function login(input: LoginInput, client: ClientInfo) {
  const user = await authenticate(input, client);
  const organizationId = await organizationForNewSession(user.id, input.organizationId);
  // Named explicitly, the organization's two-factor policy applies as switch-org applies it.
  if (input.organizationId) await enforceMfaPolicyOnSignIn(user.id, organizationId);
  return openSession(user.id, organizationId, client, "password", user.credentialEpoch);
}
