import "server-only";
import { refuseWhileImpersonating } from "@/lib/auth/impersonation";
import { createElement } from "react";
import InvitationEmail from "@/emails/invitation";
import { displayName } from "@/lib/accounts/profile";
import type { Principal } from "@/lib/auth/principal";
import { randomToken, sha256 } from "@/lib/auth/crypto";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { conflict, forbidden, notFound } from "@/lib/http/errors";
import { emit } from "@/lib/events/emit";
import { sendEmail } from "@/lib/mail/send";
import { isPlausibleRef, requireOrganizationAccess, type OrgRef } from "@/lib/organizations/context";
import { consumeAll } from "@/lib/security/rate-limit";
import { toPlainText } from "@/lib/validation/common";
import type { CreateInvitationInput } from "@/lib/validation/organizations";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const INVITATION_SUBJECT = "You're invited to join an organization";

const INVITATION_SELECT = {
  id: true,
  email: true,
  role: true,
  invitedById: true,
  createdAt: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
} as const;

type InvitationRow = {
  id: string;
  email: string;
  role: string;
  invitedById: string | null;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
};

const statusOf = (i: InvitationRow) =>
  i.acceptedAt ? "accepted" : i.revokedAt ? "revoked" : i.expiresAt <= new Date() ? "expired" : "pending";

/** Never the token: it exists only in the email. */
const invitationView = (i: InvitationRow) => ({ ...i, status: statusOf(i) });

export const invitationLink = (token: string) => `${config().appUrl}/invitations/${token}`;

/**
 * Invites an address with a role. Inviting someone who is already a member is a conflict;
 * inviting an address that already has a pending invitation replaces it (the old link stops),
 * so "resend" is simply inviting again. Only an owner may invite an owner. The mail goes to an
 * address someone else chose, so it is limited per organization, per inviter, per client and per
 * recipient mailbox, and its subject holds no text a user wrote.
 */
export async function createInvitation(principal: Principal, ref: OrgRef, input: CreateInvitationInput, client: ClientInfo) {
  refuseWhileImpersonating(principal, "invitations (they would outlive the session)");
  const access = await requireOrganizationAccess(principal, ref, "invitations", "create");
  if (input.role === "owner" && access.role !== "owner") throw forbidden("Only an owner can invite an owner.");
  const organization = access.organization;

  const member = await db().membership.findFirst({
    where: { organizationId: organization.id, user: { email: input.email } },
    select: { id: true },
  });
  if (member) throw conflict("This person is already a member of the organization.");
  await consumeAll([
    ["invitationsPerOrganization", organization.id],
    ["invitationsPerInviter", `${access.actor.actorType}:${access.actor.actorId}`],
    ["invitationsPerClient", client.ip],
    ["invitationsPerRecipient", input.email],
  ]);

  const token = randomToken(32);
  // A key invites on its creator's behalf: the invitation is only as good as the creator's
  // membership, as one the creator sent would be (lib/invitations/inviter-rights.ts).
  const invitedById = principal.kind === "user" ? principal.userId : await keyCreator(principal.apiKeyId);
  const invitation = await db().$transaction(async (tx) => {
    const now = new Date();
    await tx.invitation.updateMany({
      where: { organizationId: organization.id, email: input.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    // Asked again inside the transaction: an acceptance of the old link that committed while we
    // waited for its row would otherwise be answered with a fresh invitation for a member.
    const joined = await tx.membership.findFirst({
      where: { organizationId: organization.id, user: { email: input.email } },
      select: { id: true },
    });
    if (joined) throw conflict("This person is already a member of the organization.");
    const created = await tx.invitation.create({
      data: {
        organizationId: organization.id,
        email: input.email,
        role: input.role,
        tokenHash: sha256(token),
        invitedById,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
      },
      select: INVITATION_SELECT,
    });
    await emit(tx, {
      type: "invitation.created",
      organizationId: organization.id,
      ...access.actor,
      client,
      metadata: { invitationId: created.id, email: created.email, role: created.role },
    });
    return created;
  });

  const inviter = invitedById
    ? await db().user.findUnique({ where: { id: invitedById }, select: { email: true, name: true, firstName: true, lastName: true } })
    : null;
  try {
    await sendEmail({
      to: invitation.email,
      // Fixed: a subject is read before anything else and looks like ours, so no name goes in it.
      subject: INVITATION_SUBJECT,
      react: createElement(InvitationEmail, {
        organizationName: toPlainText(organization.name),
        inviterName: inviter ? toPlainText(displayName(inviter)) : null,
        role: invitation.role,
        link: invitationLink(token),
      }),
    });
  } catch (error) {
    // An invitation nobody received would show as pending forever: withdraw it, then report.
    await db()
      .invitation.delete({ where: { id: invitation.id } })
      .catch(() => {});
    throw error;
  }
  return invitationView(invitation);
}

export async function listInvitations(principal: Principal, ref: OrgRef) {
  const access = await requireOrganizationAccess(principal, ref, "invitations", "read");
  const rows = await db().invitation.findMany({
    where: { organizationId: access.organization.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: INVITATION_SELECT,
  });
  return rows.map(invitationView);
}

/**
 * Revoking is idempotent; an invitation already accepted can no longer be revoked (409). The
 * revocation is one conditional update on an unaccepted row, so an acceptance racing with it
 * either commits first (and this answers 409) or finds the invitation revoked.
 */
export async function revokeInvitation(principal: Principal, ref: OrgRef, invitationId: string, client: ClientInfo) {
  const access = await requireOrganizationAccess(principal, ref, "invitations", "delete");
  if (!isPlausibleRef(invitationId)) throw notFound("No invitation with this id in this organization.");
  await db().$transaction(async (tx) => {
    const [revoked] = await tx.invitation.updateManyAndReturn({
      where: { id: invitationId, organizationId: access.organization.id, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
      select: { id: true, email: true },
    });
    if (!revoked) {
      const invitation = await tx.invitation.findFirst({
        where: { id: invitationId, organizationId: access.organization.id },
        select: { acceptedAt: true },
      });
      if (!invitation) throw notFound("No invitation with this id in this organization.");
      if (invitation.acceptedAt) throw conflict("This invitation was already accepted; remove the member instead.");
      return; // already revoked
    }
    await emit(tx, {
      type: "invitation.revoked",
      organizationId: access.organization.id,
      ...access.actor,
      client,
      metadata: { invitationId: revoked.id, email: revoked.email },
    });
  });
}

async function keyCreator(apiKeyId: string): Promise<string | null> {
  return (await db().apiKey.findUnique({ where: { id: apiKeyId }, select: { createdById: true } }))?.createdById ?? null;
}
