import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { loadProfile } from "@/lib/accounts/profile";
import { currentPrincipal } from "@/lib/actions/safe-action";
import { hasSessionCookie } from "./session-cookie";

// Page loaders check the session themselves (the proxy only looked for a cookie). One lookup
// per request, however many components ask.

export const pagePrincipal = cache(async () => {
  const h = await headers();
  return currentPrincipal(new Request("http://localhost/", { headers: new Headers(h) }));
});

/** The signed-in user of this page, or a redirect to sign-in that comes back to `path`. */
export async function requirePageUser(path: string) {
  const principal = await pagePrincipal();
  if (principal) return principal;
  const cookie = (await headers()).get("cookie");
  const callbackUrl = encodeURIComponent(path);
  // A cookie whose session has ended must be cleared first, or the proxy would bounce the
  // user from /login straight back here.
  redirect(hasSessionCookie(cookie) ? `/session-ended?callbackUrl=${callbackUrl}` : `/login?callbackUrl=${callbackUrl}`);
}

export const currentProfile = cache(async () => {
  const principal = await pagePrincipal();
  return principal ? { principal, profile: await loadProfile(principal.userId, principal.organizationId) } : null;
});
