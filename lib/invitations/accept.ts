import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { unauthorized } from "@/lib/http/errors";
import type { RoleName } from "@/lib/organizations/permissions";
import { requireEnabledAccountIn } from "@/lib/sign-in/gate";
import { acceptInvitation, findUsableInvitation } from "./redeem";

/**
 * A signed-in person accepts an invitation sent to their address (compared case-insensitively).
 * Opening the emailed link proves the address, so an unconfirmed account becomes confirmed.
 */
export async function acceptInvitationAsUser(principal: Extract<Principal, { kind: "user" }>, token: string, client: ClientInfo) {
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: principal.userId }, select: { id: true, email: true, emailVerified: true } });
    if (!user) throw unauthorized("This account no longer exists.");
    // Its session was checked before this transaction: a disable committing since then refuses it.
    await requireEnabledAccountIn(tx, user.id);
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

/**
 * What the invitation page shows before the person accepts or signs up. The token is the only
 * credential, and whoever holds it received the email, so showing its address is no leak.
 */
export async function describeInvitation(token: string) {
  return db().$transaction(async (tx) => {
    const invitation = await findUsableInvitation(tx, token);
    return {
      email: invitation.email,
      role: invitation.role as RoleName,
      expiresAt: invitation.expiresAt,
      organization: invitation.organization,
    };
  });
}
