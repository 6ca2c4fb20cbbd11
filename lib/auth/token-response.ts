import "server-only";
import { loadProfile } from "@/lib/accounts/profile";
import { permissionsOf } from "@/lib/organizations/permissions";
import { signAccessToken } from "./jwt";
import type { IssuedRefreshToken } from "./sessions";

/** The RFC 6749 §5.1 response of login, refresh, confirm-account and switch-org. */
export async function buildTokenResponse(input: {
  userId: string;
  sessionId: string;
  organizationId: string | null;
  refresh: IssuedRefreshToken;
}) {
  const user = await loadProfile(input.userId, input.organizationId);
  const active = user.organizations.find((o) => o.id === user.activeOrganizationId) ?? null;
  const organization = active ? { ...active, permissions: permissionsOf(active.role) } : null;
  const access = await signAccessToken({
    sub: user.id,
    sid: input.sessionId,
    org: organization?.id ?? null,
    role: organization?.role ?? null,
    email: user.email,
  });
  return {
    access_token: access.token,
    token_type: "Bearer" as const,
    expires_in: access.expiresIn,
    refresh_token: input.refresh.token,
    refresh_expires_in: Math.max(0, Math.round((input.refresh.expiresAt.getTime() - Date.now()) / 1000)),
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

