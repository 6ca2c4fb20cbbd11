import "server-only";
import { loadProfile, type Profile } from "@/lib/accounts/profile";
import { permissionsOf } from "@/lib/organizations/permissions";
import { sessionAssurance as sessionAssuranceRow } from "@/lib/db/statements/auth-sessions";
import { signAccessToken } from "@/lib/auth/jwt";
import { aalOf, type Assurance, type IssuedRefreshToken } from "./assurance";

/** What a token response says of its session, read when the caller does not have it at hand (switch-org). */
interface SessionFacts {
  assurance: Assurance;
  /** The instance admin acting as the user (impersonation): the token's `act` claim. */
  impersonatorId: string | null;
  expiresAt: Date | null;
}

async function sessionFacts(sessionId: string): Promise<SessionFacts> {
  const row = await sessionAssuranceRow(sessionId);
  return {
    assurance: { amr: row?.amr ?? [], aal: aalOf(row?.aal) },
    impersonatorId: row?.impersonatedById ?? null,
    expiresAt: row?.expiresAt ?? null,
  };
}

/** The RFC 6749 §5.1 response of login, refresh, confirm-account, switch-org and impersonation. */
export async function buildTokenResponse(input: {
  userId: string;
  sessionId: string;
  organizationId: string | null;
  /** Null for a session that is never refreshed (impersonation): the response has no refresh token. */
  refresh: IssuedRefreshToken | null;
  /** The session's amr/aal; refresh and switch-org carry the session's own, never a raised one. */
  assurance?: Assurance;
  /** With `assurance`: the admin acting as the user, when the session is an impersonation. */
  impersonation?: { impersonatorId: string; expiresAt: Date };
  /** The user's profile, when the caller's own statement already read it (refresh). */
  profile?: Profile;
}) {
  const [user, facts] = await Promise.all([
    input.profile ?? loadProfile(input.userId, input.organizationId),
    input.assurance
      ? {
          assurance: input.assurance,
          impersonatorId: input.impersonation?.impersonatorId ?? null,
          expiresAt: input.impersonation?.expiresAt ?? null,
        }
      : sessionFacts(input.sessionId),
  ]);
  const active = user.organizations.find((o) => o.id === user.activeOrganizationId) ?? null;
  const organization = active ? { ...active, permissions: permissionsOf(active.role) } : null;
  const impersonated = facts.impersonatorId !== null;
  const access = await signAccessToken({
    sub: user.id,
    sid: input.sessionId,
    org: organization?.id ?? null,
    role: organization?.role ?? null,
    email: user.email,
    amr: facts.assurance.amr,
    aal: facts.assurance.aal,
    // RFC 8693 §4.1: the admin is the actor; `sub` stays the person whose session it is.
    ...(impersonated ? { act: { sub: facts.impersonatorId! } } : {}),
    // An impersonation's access token never outlives its session (at most 30 minutes).
    ...(impersonated && facts.expiresAt ? { notAfter: facts.expiresAt } : {}),
  });
  return {
    access_token: access.token,
    token_type: "Bearer" as const,
    expires_in: access.expiresIn,
    ...(input.refresh && !impersonated
      ? {
          refresh_token: input.refresh.token,
          refresh_expires_in: Math.max(0, Math.round((input.refresh.expiresAt.getTime() - Date.now()) / 1000)),
        }
      : {}),
    mfaEnabled: user.mfaEnabled,
    user,
    organization,
  };
}

export type TokenResponse = Awaited<ReturnType<typeof buildTokenResponse>>;

/** Token responses must never be cached (RFC 6749 §5.1). */
export const tokenResult = (json: TokenResponse, status = 200) => ({
  status,
  json,
  headers: { "cache-control": "no-store", pragma: "no-cache" },
});
