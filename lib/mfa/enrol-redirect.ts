import "server-only";
import { db } from "@/lib/db/client";

// Where an organization page sends a member who lacks what its "require two-factor
// authentication" policy asks for (lib/auth/org-page.ts), and what the landing page may say.

/** The page of a sign-in's second step (the mfaToken waits in lib/mfa/pending-cookie.ts). */
export const SECOND_STEP_PAGE = "/two-factor";

/** A member without a factor: to the profile's security section, naming the organization. */
export const enrolPath = (organizationId: string) => `/profile?mfaRequiredBy=${encodeURIComponent(organizationId)}#security`;

/** A member with a factor whose session is still aal1: a code raises this very session. */
export const raisePath = (organizationId: string, back: string) =>
  `/profile/two-factor?org=${encodeURIComponent(organizationId)}&callbackUrl=${encodeURIComponent(back)}`;

/**
 * The organization named in the link (id or slug), only when the person is a member and it does require a
 * second factor: a crafted link cannot make the page show another organization's name.
 */
export async function organizationRequiringMfa(userId: string, organizationId: string | undefined) {
  if (!organizationId || !/^[A-Za-z0-9_-]{1,100}$/.test(organizationId)) return null;
  const membership = await db().membership.findFirst({
    where: { userId, organization: { requireMfa: true, OR: [{ id: organizationId }, { slug: organizationId.toLowerCase() }] } },
    select: { organization: { select: { id: true, name: true } } },
  });
  return membership?.organization ?? null;
}
