import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { unauthorized } from "@/lib/http/errors";
import type { RoleName } from "@/lib/organizations/permissions";
import { acceptInvitation } from "./redeem";

/**
 * A signed-in person accepts an invitation sent to their address (compared case-insensitively).
 * Opening the emailed link proves the address, so an unconfirmed account becomes confirmed.
 */
export async function acceptInvitationAsUser(principal: Extract<Principal, { kind: "user" }>, token: string, client: ClientInfo) {
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: principal.userId }, select: { id: true, email: true, emailVerified: true } });
    if (!user) throw unauthorized("This account no longer exists.");
    const { membership, organization } = await acceptInvitation(tx, { token, user, client });
    if (!user.emailVerified) await tx.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
    return {
      id: membership.id,
      userId: membership.userId,
      organizationId: membership.organizationId,
      role: membership.role as RoleName,
      joinedAt: membership.createdAt,
      organization,
    };
  });
}
