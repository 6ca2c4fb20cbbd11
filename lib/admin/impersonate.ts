import "server-only";
import { db } from "@/lib/db/client";
import { lockUser } from "@/lib/db/statements/locks";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError, conflict, forbidden, notFound } from "@/lib/http/errors";
import { isPlausibleRef } from "@/lib/organizations/context";
import { organizationForNewSession } from "@/lib/sign-in/organization";
import { startImpersonationSession } from "@/lib/sessions/start";
import { buildTokenResponse } from "@/lib/sessions/token-response";
import { adminStanding, type AdminPrincipal } from "./access";
import { recordAdminAction } from "./record";

// An instance admin signs in as someone to see what they see (support): a session of that person
// marked with the admin (`impersonatedBy`, the tokens' `act` claim), 30 minutes, never refreshed,
// unable to change how the person signs in (lib/auth/impersonation.ts), and everything it does
// recorded with the admin beside the person (lib/events/acting.ts).

const ASSURANCE = { amr: ["mfa"], aal: "aal2" as const };

/**
 * Opens the impersonation session, audited with `reason`. Admins cannot be impersonated (one
 * admin must not borrow another's powers), nor can a disabled account (the session insert refuses
 * it) or the admin's own.
 */
export async function openImpersonation(admin: AdminPrincipal, userId: string, reason: string, client: ClientInfo) {
  if (!isPlausibleRef(userId)) throw notFound("No user with this id.");
  if (admin.userId === userId) throw conflict("You are already signed in as yourself.");
  const organizationId = await organizationForNewSession(userId);
  return db().$transaction(async (tx) => {
    // The admin's row first, then the person's (a person is never an admin, so no two of these
    // lock in the other order): a disable, revocation or reset of the admin in flight either
    // commits first and is seen below, or waits for this session and then ends it.
    if (!(await lockUser(tx, admin.userId)) || (await adminStanding(admin.userId, tx)) !== "admin") throw notFound("No such resource.");
    const own = await tx.authSession.findFirst({ where: { id: admin.sessionId, revokedAt: null }, select: { id: true } });
    if (!own) throw new ApiError("unauthorized", "This session has ended; sign in again.");
    // The row lock orders this after a grant or a disable in flight, and before one that follows.
    if (!(await lockUser(tx, userId))) throw notFound("No user with this id.");
    // Listed in ADMIN_EMAILS counts too: such an account is one code away from being an admin.
    if ((await adminStanding(userId, tx)) !== "none") throw forbidden("Instance administrators cannot be impersonated.");
    const session = await startImpersonationSession(
      // The admin's own session used a second factor (requireInstanceAdmin): that is what stands behind it.
      { userId, organizationId, client, adminId: admin.userId, assurance: ASSURANCE },
      tx,
    );
    if (!session) throw conflict("This account is disabled: enable it before signing in as the person.");
    await recordAdminAction(tx, admin, userId, "admin.impersonation_started", client, { reason });
    return session;
  });
}

/** POST /api/admin/users/{userId}/impersonate: the session's token response (no refresh token). */
export async function impersonateUser(admin: AdminPrincipal, userId: string, reason: string, client: ClientInfo) {
  const started = await openImpersonation(admin, userId, reason, client);
  return buildTokenResponse({
    userId,
    sessionId: started.sessionId,
    organizationId: started.organizationId,
    refresh: null,
    assurance: ASSURANCE,
    impersonation: { impersonatorId: admin.userId, expiresAt: started.expiresAt },
  });
}
