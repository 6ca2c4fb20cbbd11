import "server-only";
import { loadProfile, type Profile } from "@/lib/accounts/profile";
import { permissionsOf } from "@/lib/organizations/permissions";
import { sessionAssurance as sessionAssuranceRow } from "@/lib/db/statements/auth-sessions";
import { signAccessToken } from "@/lib/auth/jwt";
import { aalOf, type Assurance, type IssuedRefreshToken } from "./assurance";

/** The session's assurance, when the caller does not have it at hand (switch-org). */
async function sessionAssurance(sessionId: string): Promise<Assurance> {
  const row = await sessionAssuranceRow(sessionId);
  return { amr: row?.amr ?? [], aal: aalOf(row?.aal) };
}

/** The RFC 6749 §5.1 response of login, refresh, confirm-account and switch-org. */
export async function buildTokenResponse(input: {
  userId: string;
  sessionId: string;
  organizationId: string | null;
  refresh: IssuedRefreshToken;
  /** The session's amr/aal; refresh and switch-org carry the session's own, never a raised one. */
  assurance?: Assurance;
  /** The user's profile, when the caller's own statement already read it (refresh). */
  profile?: Profile;
}) {
  const [user, assurance] = await Promise.all([
    input.profile ?? loadProfile(input.userId, input.organizationId),
    input.assurance ?? sessionAssurance(input.sessionId),
  ]);
  const active = user.organizations.find((o) => o.id === user.activeOrganizationId) ?? null;
  const organization = active ? { ...active, permissions: permissionsOf(active.role) } : null;
  const access = await signAccessToken({
    sub: user.id,
    sid: input.sessionId,
    org: organization?.id ?? null,
    role: organization?.role ?? null,
    email: user.email,
    amr: assurance.amr,
    aal: assurance.aal,
  });
  return {
    access_token: access.token,
    token_type: "Bearer" as const,
    expires_in: access.expiresIn,
    refresh_token: input.refresh.token,
    refresh_expires_in: Math.max(0, Math.round((input.refresh.expiresAt.getTime() - Date.now()) / 1000)),
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
