import "server-only";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { recordAudit } from "@/lib/audit/record";
import { verifyPasswordOrDummy } from "@/lib/auth/passwords";
import { startSession, type Assurance } from "@/lib/auth/sessions";
import { buildTokenResponse } from "@/lib/auth/token-response";
import { clear, limitFailures, type LimitKey } from "@/lib/security/rate-limit";
import type { LoginInput } from "@/lib/validation/auth";
import { beginSignIn, mfaRequired } from "@/lib/mfa/gate";
import { isPlausibleRef } from "@/lib/organizations/context";

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
    const found = await db().user.findUnique({
      where: { email: input.email },
      select: { id: true, email: true, emailVerified: true, passwordHash: true },
    });
    if (!(await verifyPasswordOrDummy(input.password, found?.passwordHash)) || !found) {
      refusedUserId = found?.id;
      throw new ApiError("invalid_credentials", "The email or password is incorrect.");
    }
    return found;
  }).catch(async (error: unknown) => {
    // Written once the failure has counted: an audit write that failed inside the attempt would
    // turn a wrong guess into an error that gives the attempt back.
    if (refusedUserId) {
      const organizationId = await defaultOrganizationId(refusedUserId);
      await recordAudit(db(), { type: "login.failed", organizationId, actorId: refusedUserId, client, metadata: { reason: "wrong_password" } });
    }
    throw error;
  });
  await clear("loginFailuresPerAccountShort", input.email);
  if (!user.emailVerified && config().EMAIL_CONFIRMATION_REQUIRED) {
    throw new ApiError("email_not_verified", "Confirm your email address first: enter the code we sent, or request a new one.");
  }
  return user;
}

async function defaultOrganizationId(userId: string): Promise<string | null> {
  const first = await db().membership.findFirst({ where: { userId }, orderBy: { createdAt: "asc" }, select: { organizationId: true } });
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
 * Starts a server-side session and records the sign-in in the organization it activates, in one
 * transaction. Only the second-factor gate (lib/mfa/gate.ts) and the second step call it, so no
 * door opens a session without asking whether a second factor is owed.
 */
export async function startSignInSession(userId: string, organizationId: string | null, client: ClientInfo, via: string, assurance: Assurance) {
  return db().$transaction(async (tx) => {
    const started = await startSession(tx, { userId, organizationId, client, assurance });
    // No session id in metadata: admins read this log, and a session id is half of a forged token.
    await recordAudit(tx, { type: "login.succeeded", organizationId, actorId: userId, client, metadata: { via, amr: assurance.amr } });
    return started;
  });
}

const FIRST_FACTOR = { password: "pwd", code: "otp", link: "otp" } as const;

/**
 * Opens a session for an API client and answers with its tokens, or 403 mfa_required with an
 * mfaToken when the account has a second factor.
 */
export async function openSession(userId: string, organizationId: string | null, client: ClientInfo, via: "password" | "code" | "link") {
  const outcome = await beginSignIn({ userId, organizationId, client, via, firstFactor: FIRST_FACTOR[via] });
  if (outcome.kind === "second_factor_required") throw mfaRequired(outcome);
  return buildTokenResponse(outcome);
}

export async function login(input: LoginInput, client: ClientInfo) {
  const user = await authenticate(input, client);
  const organizationId = await organizationForNewSession(user.id, input.organizationId);
  return openSession(user.id, organizationId, client, "password");
}
