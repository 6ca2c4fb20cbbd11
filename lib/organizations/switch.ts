import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { replaceRefreshTokens } from "@/lib/sessions/rotate";
import { buildTokenResponse } from "@/lib/sessions/token-response";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { emit } from "@/lib/events/emit";
import { enforceMfaPolicy } from "@/lib/mfa/policy";
import { isPlausibleRef } from "./context";

/**
 * Moves the caller's session to another organization and issues a token pair scoped to it, on
 * the same session (same sid). Access tokens issued before keep their old `org` claim until they
 * expire; membership is re-checked on every request, so they never reach more than the caller
 * may. The session's earlier refresh tokens are superseded: only the answer's pair works.
 * An unknown organization answers like a foreign one: 403 not_a_member, no existence oracle.
 */
export async function switchOrganization(
  principal: Extract<Principal, { kind: "user" }>,
  organizationId: string,
  client: ClientInfo,
  options: { tokens: boolean } = { tokens: true },
) {
  const membership = !isPlausibleRef(organizationId)
    ? null
    : await db().membership.findUnique({
        where: { userId_organizationId: { userId: principal.userId, organizationId } },
        select: { organizationId: true, organization: { select: { name: true, requireMfa: true } } },
      });
  if (!membership) throw new ApiError("not_a_member", "You are not a member of that organization.");
  // The token API's answer is a token pair; an impersonation session has no refresh token to give.
  if (principal.impersonatorId && options.tokens)
    throw new ApiError(
      "forbidden",
      "An impersonation session stays in the organization it was opened in: start another one for that organization.",
    );
  // Switching never raises the session's assurance: an aal1 session cannot enter an organization
  // that requires two factors.
  await enforceMfaPolicy(principal, membership.organization);

  const refresh = await db().$transaction(async (tx) => {
    const moved = await tx.authSession.updateMany({
      where: { id: principal.sessionId, userId: principal.userId, revokedAt: null },
      data: { organizationId },
    });
    if (moved.count === 0) throw new ApiError("unauthorized", "This session has ended; sign in again.");
    // An impersonation session has no refresh token and keeps its 30-minute end.
    const issued = principal.impersonatorId ? null : await replaceRefreshTokens(tx, principal.sessionId);
    await emit(tx, {
      type: "org.switched",
      organizationId,
      actorId: principal.userId,
      client,
      metadata: { from: principal.organizationId, to: organizationId, sessionId: principal.sessionId },
    });
    return issued;
  });
  if (!options.tokens) return null; // a browser session: its cookie names the session, not a token
  return buildTokenResponse({ userId: principal.userId, sessionId: principal.sessionId, organizationId, refresh });
}
