import "server-only";
import { config } from "@/lib/config/env";
import type pg from "pg";
import type { Principal } from "@/lib/auth/principal";
import {
  organizationAccess,
  organizationAccessWithRead,
  type OrganizationRead,
  type OrganizationReadFound,
} from "@/lib/db/statements/organizations";
import { enforceMfaPolicy } from "@/lib/mfa/policy";
import { ApiError, forbidden, notFound, ssoRequired } from "@/lib/http/errors";
import { isPlausibleRef, organizationNamedBy, type OrgRef } from "./ref";
import { hasPermission, permissionsOf, type Action, type Permission, type Resource, type RoleName } from "./permissions";

// THE authorization point of every organization route, page loader and server action: which
// organization a request names, whether the caller belongs to it, and what they may do there.
// The role is read from the membership row on every call (never from the token's `role` claim),
// so a demotion or removal takes effect on the very next request.

export { isPlausibleRef, type OrgRef } from "./ref";

/**
 * "organization": the route is about the organization itself (GET/PATCH/DELETE {orgId}), so a
 * non-member learns 403 not_a_member. "resource": the route reaches into it (members, keys...),
 * so a non-member gets the same 404 as for an organization that does not exist.
 */
export type OrgScope = "organization" | "resource";

export interface Actor {
  actorId: string;
  actorType: "user" | "api_key";
}

export interface OrganizationAccess {
  organization: { id: string; name: string; slug: string; requireMfa: boolean; createdAt: Date; updatedAt: Date };
  /** The caller's role; null for an API key (keys hold permissions, not roles). */
  role: RoleName | null;
  permissions: Permission[];
  actor: Actor;
  principal: Principal;
}

export const actorOf = (principal: Principal): Actor =>
  principal.kind === "user" ? { actorId: principal.userId, actorType: "user" } : { actorId: principal.apiKeyId, actorType: "api_key" };

type Found = { organization: OrganizationAccess["organization"]; role: RoleName | null; ssoEnforced: boolean };

/** The organization and the caller's role in it, in one statement (every organization request). */
async function findOrganization(named: string, principal: Principal): Promise<Found | null> {
  const row = await organizationAccess(named, principal.kind === "user" ? principal.userId : null);
  if (!row) return null;
  const { role, ssoEnforced, ...organization } = row;
  return { organization, role, ssoEnforced };
}

/** The id or slug a request names, following the contract's order for `current` (ref.ts). */
export const namedOrganization = (principal: Principal, ref: OrgRef): string | null => organizationNamedBy(ref, principal.organizationId);

/** Resolves the organization and the caller's membership in it, without a permission check. */
export async function requireMembership(principal: Principal, ref: OrgRef, scope: OrgScope = "resource"): Promise<OrganizationAccess> {
  const named = namedOrganization(principal, ref);
  const found = named && isPlausibleRef(named) ? await findOrganization(named, principal) : null;
  return admit(principal, named, found, scope);
}

/** requireMembership's checks on what the access statement found. */
async function admit(principal: Principal, named: string | null, found: Found | null, scope: OrgScope): Promise<OrganizationAccess> {
  const unknown = () =>
    scope === "organization"
      ? notFound("No organization with this id or slug.")
      : notFound(named ? "No such organization, or you are not a member of it." : "No organization is selected.");
  if (!found) throw unknown();
  const { organization } = found;

  const notMember = () =>
    scope === "organization"
      ? new ApiError("not_a_member", "You are not a member of this organization.")
      : // The same answer as for an organization that does not exist: no existence oracle.
        unknown();

  if (principal.kind === "api_key") {
    // A key belongs to exactly one organization; naming another one never reaches it.
    if (principal.organizationId !== organization.id) throw notMember();
    return { organization, role: null, permissions: principal.permissions, actor: actorOf(principal), principal };
  }
  if (!found.role) throw notMember();
  // Enforced SSO: a person at the organization's verified domains reaches it only with a session
  // its IdP opened (an owner's recorded break-glass password sign-in aside).
  if (found.ssoEnforced && principal.ssoOrganizationId !== organization.id && found.role !== "owner")
    throw ssoRequired(config().appUrl, organization.slug);
  await enforceMfaPolicy(principal, organization);
  const role = found.role;
  return { organization, role, permissions: permissionsOf(role), actor: actorOf(principal), principal };
}

export function requirePermission(access: OrganizationAccess, resource: Resource, action: Action): void {
  if (!hasPermission(access.permissions, resource, action)) {
    throw forbidden(`This needs the ${resource}:${action} permission in this organization.`);
  }
}

/** Membership and one permission, in one call: what every organization endpoint starts with. */
export async function requireOrganizationAccess(
  principal: Principal,
  ref: OrgRef,
  resource: Resource,
  action: Action,
  scope: OrgScope = "resource",
): Promise<OrganizationAccess> {
  const access = await requireMembership(principal, ref, scope);
  requirePermission(access, resource, action);
  return access;
}

/**
 * requireOrganizationAccess and one read of the organization's rows, in one statement: the reads
 * API clients call most (the members list) pay one database round trip instead of two. The read
 * runs only where the caller reaches the organization (their membership row, or their key's own
 * organization: the test requireMembership makes), and its rows are handed back only after every
 * check of requireOrganizationAccess has passed on the same access row, in the same order, with
 * the same errors.
 *
 * `prefetched` is the same read made in the session check's own statement (a Bearer request:
 * lib/auth/principal.ts), used only when it was made for the same read of the organization this
 * request names; otherwise the read is made here.
 */
export async function readWithOrganizationAccess<Row extends pg.QueryResultRow>(
  principal: Principal,
  ref: OrgRef,
  resource: Resource,
  action: Action,
  read: OrganizationRead<Row>,
  prefetched?: OrganizationReadFound<pg.QueryResultRow>,
): Promise<{ access: OrganizationAccess; rows: Row[] }> {
  const named = namedOrganization(principal, ref);
  let found: Found | null = null;
  let rows: Row[] = [];
  if (named && isPlausibleRef(named)) {
    const result =
      principal.kind === "user" && prefetched?.userId === principal.userId && prefetched.named === named && prefetched.read === read
        ? (prefetched as OrganizationReadFound<Row>)
        : await organizationAccessWithRead(
            named,
            principal.kind === "user" ? principal.userId : null,
            principal.kind === "api_key" ? principal.organizationId : null,
            read,
          );
    if (result.access) {
      const { role, ssoEnforced, ...organization } = result.access;
      found = { organization, role, ssoEnforced };
      rows = result.rows;
    }
  }
  const access = await admit(principal, named, found, "resource");
  requirePermission(access, resource, action);
  return { access, rows };
}
