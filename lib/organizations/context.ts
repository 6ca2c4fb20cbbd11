import "server-only";
import type pg from "pg";
import type { Principal } from "@/lib/auth/principal";
import { sql } from "@/lib/db/sql";
import { enforceMfaPolicy } from "@/lib/mfa/policy";
import { ApiError, forbidden, notFound } from "@/lib/http/errors";
import { hasPermission, permissionsOf, type Action, type Permission, type Resource, type RoleName } from "./permissions";

// THE authorization point of every organization route, page loader and server action: which
// organization a request names, whether the caller belongs to it, and what they may do there.
// The role is read from the membership row on every call (never from the token's `role` claim),
// so a demotion or removal takes effect on the very next request.

/** How a request names its organization: `{orgId}` from the path, plus the `current` fallbacks. */
export interface OrgRef {
  /** An organization id, a slug, or `current`. */
  orgId: string;
  /** X-Organization-Id, consulted only when orgId is `current`. */
  headerOrgId?: string | null;
  /** ?org=<slug>, consulted only when orgId is `current` and there is no header. */
  slug?: string | null;
}

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

/**
 * Ids are UUIDs and slugs [a-z0-9-]: anything else cannot name a row, and is answered as not
 * found without reaching the database (which refuses some bytes, such as NUL, with an error).
 */
export const isPlausibleRef = (value: string) => /^[A-Za-z0-9_-]{1,100}$/.test(value);

/**
 * The organization an id or slug names ($1 as given, $2 lowercased), with the role of the user $3
 * in it (null when not a member, or for an API key), as the CTE `access`. An id wins over a slug;
 * ids are UUIDs and slugs may not look like one, so the two never collide anyway.
 */
const ACCESS_CTE = `access AS (
  SELECT o.id, o.name, o.slug, o."requireMfa", o."createdAt", o."updatedAt", m.role
    FROM organizations o
    LEFT JOIN memberships m ON m."organizationId" = o.id AND m."userId" = $3
   WHERE o.id = $1 OR o.slug = $2
   ORDER BY o.id = $1 DESC
   LIMIT 1)`;

type Found = { organization: OrganizationAccess["organization"]; role: RoleName | null };

const accessValues = (named: string, principal: Principal) => [named, named.toLowerCase(), principal.kind === "user" ? principal.userId : null];

/**
 * The organization and the caller's role in it, in one statement: this runs on every organization
 * request, so it is plain SQL (lib/db/sql.ts).
 */
async function findOrganization(named: string, principal: Principal): Promise<Found | null> {
  const [row] = await sql<OrganizationAccess["organization"] & { role: RoleName | null }>(
    "organization_access",
    `WITH ${ACCESS_CTE} SELECT * FROM access`,
    accessValues(named, principal),
  );
  if (!row) return null;
  const { role, ...organization } = row;
  return { organization, role };
}

/** The id or slug a request names, following the contract's order for `current`. */
export function namedOrganization(principal: Principal, ref: OrgRef): string | null {
  if (ref.orgId !== "current") return ref.orgId;
  const header = ref.headerOrgId?.trim();
  if (header) return header;
  const slug = ref.slug?.trim();
  if (slug) return slug;
  return principal.organizationId;
}

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

/** A read of an organization's rows, for readWithOrganizationAccess. */
export interface OrganizationRead {
  /** The prepared statement's name (lib/db/sql.ts). */
  name: string;
  /** The read's SELECT, given the organization's id as an SQL expression. */
  select: (organizationId: string) => string;
  /** ORDER BY of the read, over its columns as `list."column"`. */
  orderBy: string;
}

const ACCESS_COLUMNS = ["id", "name", "slug", "requireMfa", "createdAt", "updatedAt", "role"] as const;

/**
 * requireOrganizationAccess and one read of the organization's rows, in one statement: the reads
 * API clients call most (the members list) pay one database round trip instead of two. The read
 * runs only where the caller reaches the organization (their membership row, or their key's own
 * organization: the test requireMembership makes), and its rows are handed back only after every
 * check of requireOrganizationAccess has passed on the same access row, in the same order, with
 * the same errors.
 */
export async function readWithOrganizationAccess<Row extends pg.QueryResultRow>(
  principal: Principal,
  ref: OrgRef,
  resource: Resource,
  action: Action,
  read: OrganizationRead,
): Promise<{ access: OrganizationAccess; rows: Row[] }> {
  const named = namedOrganization(principal, ref);
  let found: Found | null = null;
  let rows: Row[] = [];
  if (named && isPlausibleRef(named)) {
    // Reach ($4 is the key's organization, null for a user): a member, or the key's own. The
    // access columns get a prefix so that they never collide with the read's own; `listed` tells
    // the read's rows from the one row a caller without reach (or an empty read) gets.
    const result = await sql<Record<string, unknown>>(
      read.name,
      `WITH ${ACCESS_CTE}
       SELECT ${ACCESS_COLUMNS.map((c) => `access."${c}" AS "access.${c}"`).join(", ")}, list.*
         FROM access
         LEFT JOIN LATERAL (
           SELECT true AS listed, read.* FROM (${read.select("access.id")}) read
            WHERE access.role IS NOT NULL OR access.id = $4) list ON true
        ORDER BY ${read.orderBy}`,
      [...accessValues(named, principal), principal.kind === "api_key" ? principal.organizationId : null],
    );
    if (result[0]) {
      const { role, ...organization } = Object.fromEntries(ACCESS_COLUMNS.map((c) => [c, result[0]![`access.${c}`]])) as OrganizationAccess["organization"] & { role: RoleName | null };
      found = { organization, role };
      rows = result.filter((row) => row.listed).map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => key !== "listed" && !key.startsWith("access."))) as Row);
    }
  }
  const access = await admit(principal, named, found, "resource");
  requirePermission(access, resource, action);
  return { access, rows };
}
