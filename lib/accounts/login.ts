import "server-only";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { recordAudit } from "@/lib/audit/record";
import { verifyPasswordOrDummy } from "@/lib/auth/passwords";
import { startSession } from "@/lib/auth/sessions";
import { buildTokenResponse } from "@/lib/auth/token-response";
import { clear, ensureNotLimited, record } from "@/lib/security/rate-limit";
import type { LoginInput } from "@/lib/validation/auth";

const ACCOUNT_LIMITS = ["loginFailuresPerAccountShort", "loginFailuresPerAccountLong"] as const;

/**
 * Checks the password; the same path runs whether or not the account exists (a dummy hash
 * stands in), so neither the answer nor its timing tells them apart. Wrong passwords count
 * per client address and per account (keyed by the address typed, known or not); once either
 * is spent, attempts get 429 without the password being checked at all, so a lockout reveals
 * nothing about the password.
 */
export async function authenticate(input: { email: string; password: string }, client: ClientInfo) {
  await ensureNotLimited("loginFailuresPerClient", client.ip);
  for (const limit of ACCOUNT_LIMITS) await ensureNotLimited(limit, input.email);

  const user = await db().user.findUnique({
    where: { email: input.email },
    select: { id: true, email: true, emailVerified: true, passwordHash: true },
  });
  const valid = await verifyPasswordOrDummy(input.password, user?.passwordHash);
  if (!user || !valid) {
    await Promise.all([record("loginFailuresPerClient", client.ip), ...ACCOUNT_LIMITS.map((l) => record(l, input.email))]);
    if (user) {
      const organizationId = await defaultOrganizationId(user.id);
      await recordAudit(db(), { type: "login.failed", organizationId, actorId: user.id, client, metadata: { reason: "wrong_password" } });
    }
    throw new ApiError("invalid_credentials", "The email or password is incorrect.");
  }
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
    const membership = await db().membership.findUnique({
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
 * transaction. Every way of signing in (API, browser form, OAuth) goes through here.
 */
export async function startSignInSession(userId: string, organizationId: string | null, client: ClientInfo, via: string) {
  return db().$transaction(async (tx) => {
    const started = await startSession(tx, { userId, organizationId, client });
    // No session id in metadata: admins read this log, and a session id is half of a forged token.
    await recordAudit(tx, { type: "login.succeeded", organizationId, actorId: userId, client, metadata: { via } });
    return started;
  });
}

/** Opens a session for an API client and answers with its tokens. */
export async function openSession(userId: string, organizationId: string | null, client: ClientInfo, via: "password" | "code" | "link") {
  const { sessionId, refresh } = await startSignInSession(userId, organizationId, client, via);
  return buildTokenResponse({ userId, sessionId, organizationId, refresh });
}

export async function login(input: LoginInput, client: ClientInfo) {
  const user = await authenticate(input, client);
  const organizationId = await organizationForNewSession(user.id, input.organizationId);
  return openSession(user.id, organizationId, client, "password");
}
