import "server-only";
import { refuseWhileImpersonating } from "@/lib/auth/impersonation";
import { lockOwners, membersListRead } from "@/lib/db/statements/memberships";
import type { Principal } from "@/lib/auth/principal";
import type { OrganizationReadFound } from "@/lib/db/statements/organizations";
import type pg from "pg";
import { db, type Tx } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { conflict, forbidden, notFound } from "@/lib/http/errors";
import { emit } from "@/lib/events/emit";
import { displayName } from "@/lib/accounts/profile";
import { withdrawKeysBeyondRole } from "@/lib/api-keys/creator-rights";
import { withdrawEndpointsBeyondRole } from "@/lib/webhooks/creator-rights";
import { revokeInvitationsBeyondRole } from "@/lib/invitations/inviter-rights";
import {
  isPlausibleRef,
  readWithOrganizationAccess,
  requireMembership,
  requireOrganizationAccess,
  requirePermission,
  type OrganizationAccess,
  type OrgRef,
} from "./context";
import type { RoleName } from "./permissions";

const MEMBER_SELECT = {
  userId: true,
  role: true,
  createdAt: true,
  user: { select: { email: true, name: true, firstName: true, lastName: true } },
} as const;

type MemberRow = {
  userId: string;
  role: string;
  createdAt: Date;
  user: { email: string; name: string | null; firstName: string | null; lastName: string | null };
};

/** `id` repeats `userId`: members are addressed by user id in every path. */
const memberView = (m: MemberRow) => ({
  id: m.userId,
  userId: m.userId,
  email: m.user.email,
  name: displayName(m.user),
  role: m.role as RoleName,
  joinedAt: m.createdAt,
});

/** The members list's read, for a route that asks the session check to make it (HandlerOptions.organizationRead). */
export { membersListRead };

/**
 * One of the organization reads API clients call most: plain SQL (lib/db/sql.ts), and one
 * statement with the access check (readWithOrganizationAccess), or with the session check itself
 * when a Bearer request's credential check made it (`prefetched`).
 */
export async function listMembers(principal: Principal, ref: OrgRef, prefetched?: OrganizationReadFound<pg.QueryResultRow>) {
  const { rows } = await readWithOrganizationAccess(principal, ref, "members", "read", membersListRead, prefetched);
  return rows.map(({ email, name, firstName, lastName, ...m }) => memberView({ ...m, user: { email, name, firstName, lastName } }));
}

/** Granting or taking away the owner role is an owner's act, on top of members:update. */
const requireOwner = (access: OrganizationAccess) => {
  if (access.role !== "owner") throw forbidden("Only an owner can grant or remove the owner role.");
};

/**
 * Locks the organization's owner rows and reports whether `userId` is the only one left, so two
 * concurrent demotions of two owners cannot both pass and leave none.
 */
async function isLastOwner(tx: Tx, organizationId: string, userId: string): Promise<boolean> {
  const owners = await lockOwners(tx, organizationId);
  return owners.length === 1 && owners[0] === userId;
}

const memberNotFound = () => notFound("No member with this id in this organization.");

export async function changeMemberRole(principal: Principal, ref: OrgRef, userId: string, role: RoleName, client: ClientInfo) {
  refuseWhileImpersonating(principal, "roles (they would outlive the session)");
  const access = await requireOrganizationAccess(principal, ref, "members", "update");
  const organizationId = access.organization.id;
  if (!isPlausibleRef(userId)) throw memberNotFound();
  return db().$transaction(async (tx) => {
    const target = await tx.membership.findUnique({
      where: { userId_organizationId: { userId, organizationId } },
      select: { id: true, role: true },
    });
    if (!target) throw memberNotFound();
    if (target.role === "owner" || role === "owner") requireOwner(access);
    if (target.role === "owner" && role !== "owner" && (await isLastOwner(tx, organizationId, userId))) {
      throw conflict("This is the organization's last owner: make someone else owner first.");
    }
    const updated = await tx.membership.update({ where: { id: target.id }, data: { role }, select: MEMBER_SELECT });
    if (target.role !== role) {
      // Invitations they sent that the new role could not send stop with the demotion.
      await revokeInvitationsBeyondRole(tx, {
        organizationId,
        inviterId: userId,
        role,
        reason: "inviter_demoted",
        actor: access.actor,
        client,
      });
      // So do the permissions of the keys they created.
      await withdrawKeysBeyondRole(tx, { organizationId, creatorId: userId, role, actor: access.actor, client });
      // And the webhook endpoints they added, which read the organization's events.
      await withdrawEndpointsBeyondRole(tx, { organizationId, creatorId: userId, role, actor: access.actor, client });
      await emit(tx, {
        type: "member.role_changed",
        organizationId,
        ...access.actor,
        client,
        metadata: { userId, from: target.role, to: role },
      });
    }
    return memberView(updated);
  });
}

/**
 * Removes a member: an admin or owner removes others (only an owner removes an owner); anyone
 * may remove themselves (leave). The last owner can do neither. The removed person's sessions
 * that had this organization active fall back to none, so no new token is minted for it, and
 * the invitations they sent are revoked in the same transaction.
 */
export async function removeMember(principal: Principal, ref: OrgRef, userId: string, client: ClientInfo) {
  const access = await requireMembership(principal, ref);
  const self = principal.kind === "user" && principal.userId === userId;
  if (!self) requirePermission(access, "members", "delete");
  const organizationId = access.organization.id;
  if (!isPlausibleRef(userId)) throw memberNotFound();
  await db().$transaction(async (tx) => {
    const target = await tx.membership.findUnique({
      where: { userId_organizationId: { userId, organizationId } },
      select: { id: true, role: true },
    });
    if (!target) throw memberNotFound();
    if (target.role === "owner" && !self) requireOwner(access);
    if (target.role === "owner" && (await isLastOwner(tx, organizationId, userId))) {
      throw conflict("The last owner cannot leave: make someone else owner first, or delete the organization.");
    }
    await tx.membership.delete({ where: { id: target.id } });
    await tx.authSession.updateMany({ where: { userId, organizationId }, data: { organizationId: null } });
    // Their pending invitations carried their authority: they go with them.
    await revokeInvitationsBeyondRole(tx, {
      organizationId,
      inviterId: userId,
      role: null,
      reason: "inviter_removed",
      actor: access.actor,
      client,
    });
    // And the API keys they created, which acted with their authority.
    await withdrawKeysBeyondRole(tx, { organizationId, creatorId: userId, role: null, actor: access.actor, client });
    await withdrawEndpointsBeyondRole(tx, { organizationId, creatorId: userId, role: null, actor: access.actor, client });
    await emit(tx, {
      type: "member.removed",
      organizationId,
      ...access.actor,
      client,
      metadata: { userId, role: target.role, self },
    });
  });
}
