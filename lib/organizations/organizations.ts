import "server-only";
import { moveSessionsOutOf } from "@/lib/db/statements/organizations";
import type { Principal } from "@/lib/auth/principal";
import { requireRecentStepUp } from "@/lib/auth/step-up";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { conflict, forbidden } from "@/lib/http/errors";
import { hasSecondFactor } from "@/lib/mfa/factors";
import { emit } from "@/lib/events/emit";
import { consume } from "@/lib/security/rate-limit";
import type { CreateOrganizationInput, UpdateOrganizationInput } from "@/lib/validation/organizations";
import { requireOrganizationAccess, type OrganizationAccess, type OrgRef } from "./context";
import { createOrganizationWithOwner } from "./create";
import { permissionsOf, type RoleName } from "./permissions";

type UserPrincipal = Extract<Principal, { kind: "user" }>;

/** What the API shows of an organization: the caller's role (null for an API key) and permissions there. */
export const organizationView = (access: Pick<OrganizationAccess, "organization" | "role" | "permissions">) => ({
  ...access.organization,
  role: access.role,
  permissions: access.permissions,
});

/** The signed-in person's organizations, oldest membership first. */
export async function listMyOrganizations(principal: UserPrincipal) {
  const memberships = await db().membership.findMany({
    where: { userId: principal.userId },
    orderBy: { createdAt: "asc" },
    select: {
      role: true,
      organization: { select: { id: true, name: true, slug: true, requireMfa: true, createdAt: true, updatedAt: true } },
    },
  });
  return memberships.map((m) => {
    const role = m.role as RoleName;
    return { ...m.organization, role, permissions: permissionsOf(role), active: m.organization.id === principal.organizationId };
  });
}

/**
 * Limited per person: every organization brings its own invitation allowance, so unlimited
 * organizations would mean unlimited mail from our domain.
 */
export async function createOrganization(principal: UserPrincipal, input: CreateOrganizationInput, client: ClientInfo) {
  await consume("organizationsPerUser", principal.userId);
  const organization = await db().$transaction((tx) =>
    createOrganizationWithOwner(tx, { name: input.name, ownerId: principal.userId, slug: input.slug, client }),
  );
  const { id, name, slug, requireMfa, createdAt, updatedAt } = organization;
  return organizationView({
    organization: { id, name, slug, requireMfa, createdAt, updatedAt },
    role: "owner",
    permissions: permissionsOf("owner"),
  });
}

export async function getOrganization(principal: Principal, ref: OrgRef) {
  return organizationView(await requireOrganizationAccess(principal, ref, "organization", "read", "organization"));
}

export async function updateOrganization(principal: Principal, ref: OrgRef, input: UpdateOrganizationInput, client: ClientInfo) {
  const access = await requireOrganizationAccess(principal, ref, "organization", "update", "organization");
  const before = access.organization;
  if (input.requireMfa !== undefined && input.requireMfa !== before.requireMfa) await mayChangeMfaPolicy(access, input.requireMfa);
  const organization = await db().$transaction(async (tx) => {
    if (input.slug && input.slug !== before.slug) {
      const taken = await tx.organization.findUnique({ where: { slug: input.slug }, select: { id: true } });
      if (taken) throw conflict("This slug is already taken.");
    }
    const updated = await tx.organization.update({
      where: { id: before.id },
      data: { name: input.name, slug: input.slug, requireMfa: input.requireMfa },
      select: { id: true, name: true, slug: true, requireMfa: true, createdAt: true, updatedAt: true },
    });
    if (updated.requireMfa !== before.requireMfa) {
      await emit(tx, {
        type: "org.mfa_policy_changed",
        organizationId: before.id,
        ...access.actor,
        client,
        metadata: { requireMfa: updated.requireMfa },
      });
    }
    await emit(tx, {
      type: "org.updated",
      organizationId: before.id,
      ...access.actor,
      client,
      metadata: {
        ...(input.name !== undefined ? { name: { from: before.name, to: updated.name } } : {}),
        ...(input.slug !== undefined ? { slug: { from: before.slug, to: updated.slug } } : {}),
      },
    });
    return updated;
  });
  return organizationView({ ...access, organization });
}

/**
 * The two-factor policy is the owner's to set, from a fresh step-up, and only by an owner who has
 * a second factor (else they would lock themselves out of their own organization).
 */
async function mayChangeMfaPolicy(access: OrganizationAccess, requireMfa: boolean) {
  const principal = access.principal;
  if (principal.kind !== "user" || access.role !== "owner") throw forbidden("Only an owner can change the two-factor policy.");
  requireRecentStepUp(principal);
  if (requireMfa && !(await hasSecondFactor(principal.userId))) {
    throw conflict("Set up a second factor for your own account before requiring one of every member.");
  }
}

/**
 * Deletes an organization: owners only, and only within a fresh step-up window.
 *
 * Sessions whose active organization it was are not signed out (the person still exists and may
 * belong elsewhere): in the same transaction they move to the user's oldest remaining
 * organization, or to none. Their outstanding access tokens still name the deleted id until
 * they expire, and `current` on them answers 404, never another organization's data; the next
 * refresh issues tokens for the new active organization.
 *
 * The organization's own audit log goes with it (the foreign key cascades), so `org.deleted` is
 * recorded with no organization, keeping the id and name in its metadata for operators.
 */
export async function deleteOrganization(principal: Principal, ref: OrgRef, client: ClientInfo) {
  const access = await requireOrganizationAccess(principal, ref, "organization", "delete", "organization");
  requireRecentStepUp(principal);
  const { id, name, slug } = access.organization;
  await db().$transaction(async (tx) => {
    await moveSessionsOutOf(tx, id);
    await tx.organization.delete({ where: { id } });
    await emit(tx, { type: "org.deleted", organizationId: null, ...access.actor, client, metadata: { organizationId: id, name, slug } });
  });
}
