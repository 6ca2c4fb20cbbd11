import "server-only";
import { randomToken, sha256 } from "@/lib/auth/crypto";
import { config } from "@/lib/config/env";
import type { Executor } from "@/lib/db/sql";
import { insertSession } from "@/lib/db/statements/auth-sessions";
import type { ClientInfo } from "@/lib/http/client-info";
import type { Assurance, IssuedRefreshToken } from "./assurance";

// THE place a session begins: one insert (the session and its first refresh token), usable inside
// the caller's transaction. Every door reaches it through lib/sign-in (the gate, the second step)
// or, for a brand-new account, registration's own transaction.

export interface StartedSession {
  sessionId: string;
  organizationId: string | null;
  refresh: IssuedRefreshToken;
}

export const newRefreshToken = () => `rt_${randomToken(32)}`;

/** Whose session, where, how it was authenticated and from which client: what every insert records. */
const who = (input: { userId: string; organizationId: string | null; client: ClientInfo; assurance: Assurance }) => ({
  userId: input.userId,
  organizationId: input.organizationId,
  amr: input.assurance.amr,
  aal: input.assurance.aal,
  ip: input.client.ip,
  userAgent: input.client.userAgent,
});

/**
 * Starts a session for `userId` in `organizationId` (activated only while they are a member), at
 * `assurance`. With `credentialEpoch`, only while the account's epoch is still that one (a
 * password change, reset or "log out everywhere" since the credentials were checked refuses it).
 * Null when overtaken, or the account is gone: the caller refuses the sign-in.
 */
export async function startSession(
  input: { userId: string; organizationId: string | null; client: ClientInfo; assurance: Assurance; credentialEpoch?: number | null },
  tx?: Executor,
): Promise<StartedSession | null> {
  const token = newRefreshToken();
  const started = await insertSession(
    {
      ...who(input),
      ttlSeconds: config().REFRESH_TOKEN_TTL_SECONDS,
      refreshTokenHash: sha256(token),
      credentialEpoch: input.credentialEpoch ?? null,
      // A session an identity provider vouched for counts as SSO for the organization it opened in
      // (an enforced connection accepts it there, and nowhere else).
      ssoOrganizationId: input.assurance.amr.includes("sso") ? input.organizationId : null,
    },
    tx,
  );
  if (!started) return null;
  return { sessionId: started.id, organizationId: started.organizationId, refresh: { token, expiresAt: started.expiresAt } };
}

/** An impersonation lasts at most this long, and is never refreshed (API.md, "Instance administration"). */
export const IMPERSONATION_SECONDS = 30 * 60;

/**
 * Starts a session of `userId` opened by instance admin `adminId`: it carries the admin's id (the
 * tokens' `act` claim, every event's `impersonatorId`), has no refresh token, and ends after
 * IMPERSONATION_SECONDS. The same insert as every session, so a disabled account refuses it.
 */
export async function startImpersonationSession(
  input: { userId: string; organizationId: string | null; client: ClientInfo; adminId: string; assurance: Assurance },
  tx?: Executor,
): Promise<{ sessionId: string; organizationId: string | null; expiresAt: Date } | null> {
  const started = await insertSession(
    {
      ...who(input),
      ttlSeconds: Math.min(IMPERSONATION_SECONDS, config().REFRESH_TOKEN_TTL_SECONDS),
      refreshTokenHash: null,
      credentialEpoch: null,
      impersonatedById: input.adminId,
    },
    tx,
  );
  return started ? { sessionId: started.id, organizationId: started.organizationId, expiresAt: started.expiresAt } : null;
}
