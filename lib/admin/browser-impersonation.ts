import "server-only";
import { cookies } from "next/headers";
import { KEPT_ADMIN_COOKIE } from "@/lib/auth/kept-admin-session";
import { cookieOptions, sessionCookieName, setBrowserSession } from "@/lib/auth/browser-cookie";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { revokeSession } from "@/lib/sessions/end";
import { IMPERSONATION_SECONDS } from "@/lib/sessions/start";
import type { AdminPrincipal } from "./access";
import { openImpersonation } from "./impersonate";

// Impersonation in the browser: the admin's Auth.js cookie is swapped for one naming the
// impersonation session, and the admin's own cookie is kept aside (HttpOnly, as long as the
// impersonation lasts) so that "End" puts it back. The swap changes which server-side session the
// browser presents, nothing more: every request still checks that session, so revoking it (End,
// "sign out everywhere", disabling the person) ends the impersonation at once.

/** Opens the impersonation (audited with `reason`) and points this browser at it. */
export async function impersonateInBrowser(admin: AdminPrincipal, userId: string, reason: string, client: ClientInfo): Promise<void> {
  const { sessionId: sid } = await openImpersonation(admin, userId, reason, client);
  const name = await sessionCookieName();
  const jar = await cookies();
  const own = jar.get(name)?.value;
  if (own) jar.set(KEPT_ADMIN_COOKIE, own, cookieOptions(name, IMPERSONATION_SECONDS));
  await setBrowserSession({ userId, sessionId: sid, maxAge: IMPERSONATION_SECONDS });
}

/**
 * Ends the impersonation this browser is in: the session is revoked and the admin's own cookie put
 * back (when it is still there; otherwise the admin signs in again). Returns the person's id.
 */
export async function endImpersonationInBrowser(principal: { sessionId: string; userId: string; impersonatorId?: string | null }) {
  if (!principal.impersonatorId) return null;
  await revokeSession(db(), principal.sessionId, "impersonation_ended");
  const name = await sessionCookieName();
  const jar = await cookies();
  const kept = jar.get(KEPT_ADMIN_COOKIE)?.value;
  if (kept) jar.set(name, kept, cookieOptions(name, config().REFRESH_TOKEN_TTL_SECONDS));
  else jar.delete(name);
  jar.delete(KEPT_ADMIN_COOKIE);
  return principal.userId;
}
