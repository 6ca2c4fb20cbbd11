import "server-only";
import { withdrawKeysBeyondRole } from "@/lib/api-keys/creator-rights";
import { db } from "@/lib/db/client";
import { lockMembershipsOf, lockOwners } from "@/lib/db/statements/memberships";
import { failPendingDeliveriesOfCreator } from "@/lib/db/statements/webhooks";
import { emit } from "@/lib/events/emit";
import type { ClientInfo } from "@/lib/http/client-info";
import { conflict } from "@/lib/http/errors";
import { revokeInvitationsBeyondRole } from "@/lib/invitations/inviter-rights";
import { withdrawEndpointsBeyondRole } from "@/lib/webhooks/creator-rights";
import type { AdminPrincipal } from "./access";
import { lockTarget, recordAdminAction } from "./record";

// Deleting an account (API.md, "Instance administration"): one transaction that takes the person
// out of every organization as a member removal would (their invitations revoked, their API keys
// and webhook endpoints withdrawn), deletes an organization they were alone in, and deletes the
// account row, which takes their sessions, refresh tokens, factors, passkeys, linked providers
// and pending codes with it (ON DELETE CASCADE). Audit rows stay: they name the account by id,
// and the pages show that actor as "deleted user". Refused while the person is the last owner of
// an organization that has other members: someone must be able to run it afterwards.

export async function deleteUser(admin: AdminPrincipal, userId: string, client: ClientInfo, reason?: string): Promise<void> {
  if (admin.userId === userId) throw conflict("You cannot delete your own account here.");
  await db().$transaction(async (tx) => {
    await lockTarget(tx, userId);
    // Their memberships locked (a promotion of theirs waits), then every organization's owners
    // locked as a member removal locks them (an owner leaving at this moment waits), and only then
    // the roles read: neither side can act on what the other is about to change and leave an
    // organization with members but no owner.
    const memberships = await lockMembershipsOf(tx, userId);
    const aloneIn: string[] = [];
    for (const m of memberships) {
      const owners = await lockOwners(tx, m.organizationId);
      const others = await tx.membership.count({ where: { organizationId: m.organizationId, userId: { not: userId } } });
      if (others === 0) aloneIn.push(m.organizationId);
      else if (owners.length === 1 && owners[0] === userId) {
        const { name } = await tx.organization.findUniqueOrThrow({ where: { id: m.organizationId }, select: { name: true } });
        throw conflict(`This person is the last owner of "${name}", which has other members: make someone else owner first.`);
      }
    }

    await recordAdminAction(tx, admin, userId, "admin.user_deleted", client, reason ? { reason } : {});
    const actor = { actorId: admin.userId, actorType: "user" as const };
    for (const m of memberships) {
      if (aloneIn.includes(m.organizationId)) continue;
      const organizationId = m.organizationId;
      await revokeInvitationsBeyondRole(tx, { organizationId, inviterId: userId, role: null, reason: "inviter_removed", actor, client });
      await withdrawKeysBeyondRole(tx, { organizationId, creatorId: userId, role: null, actor, client });
      await withdrawEndpointsBeyondRole(tx, { organizationId, creatorId: userId, role: null, actor, client });
      await emit(tx, { type: "member.removed", organizationId, ...actor, client, metadata: { userId, role: m.role, self: false } });
    }
    await failPendingDeliveriesOfCreator(tx, userId, "endpoint silent: the person who added it was deleted");
    // An organization they were alone in is theirs alone: it goes with them (its log too).
    if (aloneIn.length) await tx.organization.deleteMany({ where: { id: { in: aloneIn } } });
    // Not tied to the account by a foreign key: a pending passkey ceremony of theirs.
    await tx.webauthnChallenge.deleteMany({ where: { userId } });
    await tx.user.delete({ where: { id: userId } });
  });
}
