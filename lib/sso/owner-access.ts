import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { forbidden } from "@/lib/http/errors";
import { requireOrganizationAccess, type OrganizationAccess, type OrgRef } from "@/lib/organizations/context";

// Who configures an organization's sign-in (API.md, "Enterprise single sign-on"): its owners, as
// people (an API key holds permissions, not a role, and never changes how people sign in); its
// admins may read the configuration.

export async function requireOwner(principal: Principal, ref: OrgRef): Promise<OrganizationAccess> {
  const access = await requireOrganizationAccess(principal, ref, "organization", "delete");
  if (access.role !== "owner") throw forbidden("Only the organization's owners configure single sign-on.");
  return access;
}

export async function requireReader(principal: Principal, ref: OrgRef): Promise<OrganizationAccess> {
  const access = await requireOrganizationAccess(principal, ref, "organization", "update");
  if (access.role === null) throw forbidden("Single sign-on is configured by the organization's people, not by API keys.");
  return access;
}
