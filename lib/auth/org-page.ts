import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { ApiError } from "@/lib/http/errors";
import { requireMembership } from "@/lib/organizations/context";
import { policyDetour } from "@/lib/organizations/policy-detour";
import { hasPermission, type Action, type Resource } from "@/lib/organizations/permissions";
import { requirePageUser } from "./page-session";

/**
 * The organization behind an /organizations/[orgId] page and the caller's membership in it,
 * checked on the server (the role from the membership row, never from the cookie). Another
 * organization's pages are simply not found. An organization that requires two-factor
 * authentication sends a member without a factor to set one up, and a session that has not used
 * its factor to a code that raises it (never a sign-out); one that enforces single sign-on sends a
 * session its identity provider did not open to sign in there.
 */
export const loadOrgPage = cache(async (orgId: string, path: string) => {
  const principal = await requirePageUser(path);
  try {
    const access = await requireMembership(principal, { orgId });
    const can = (resource: Resource, action: Action) => hasPermission(access.permissions, resource, action);
    return { principal, access, can };
  } catch (error) {
    if (error instanceof ApiError && (error.code === "not_found" || error.code === "not_a_member")) notFound();
    const detour = policyDetour(error, orgId, path);
    if (detour) redirect(detour);
    throw error;
  }
});
