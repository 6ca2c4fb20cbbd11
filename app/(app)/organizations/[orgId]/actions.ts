"use server";
import { redirect } from "next/navigation";
import * as z from "zod";
import { checkPassword } from "@/lib/accounts/password-check";
import { orgAction } from "@/lib/actions/safe-action";
import { createApiKey, deleteApiKey } from "@/lib/api-keys/keys";
import { createInvitation, revokeInvitation } from "@/lib/invitations/invitations";
import { changeMemberRole, removeMember } from "@/lib/organizations/members";
import { deleteOrganization, updateOrganization } from "@/lib/organizations/organizations";
import { apiKeyFormSchema } from "@/lib/validation/forms";
import { idSchema } from "@/lib/validation/common";
import { changeRoleSchema, createInvitationSchema, updateOrganizationSchema } from "@/lib/validation/organizations";
import { checkPasswordSchema } from "@/lib/validation/password";

// Organization pages' actions: the same modules as the /api/organizations/{orgId}/... routes,
// which check the membership and permission again next to the data.

const itemSchema = z.object({ id: idSchema });
const memberRoleSchema = changeRoleSchema.extend({ userId: idSchema });

export const changeMemberRoleAction = orgAction(
  { resource: "members", action: "update" },
  memberRoleSchema,
  async (input, { principal, access, client }) => {
    await changeMemberRole(principal, { orgId: access.organization.id }, input.userId, input.role, client);
    return null;
  },
);

export const removeMemberAction = orgAction(
  { resource: "members", action: "read" },
  z.object({ userId: idSchema }),
  async (input, { principal, access, client }) => {
    // removeMember allows admins, owners, and a member leaving on their own.
    await removeMember(principal, { orgId: access.organization.id }, input.userId, client);
    return null;
  },
);

export const createInvitationAction = orgAction(
  { resource: "invitations", action: "create" },
  createInvitationSchema,
  async (input, { principal, access, client }) => {
    const invitation = await createInvitation(principal, { orgId: access.organization.id }, input, client);
    return { ok: true as const, data: { id: invitation.id }, message: `Invitation sent to ${invitation.email}.` };
  },
);

export const revokeInvitationAction = orgAction(
  { resource: "invitations", action: "delete" },
  itemSchema,
  async (input, { principal, access, client }) => {
    await revokeInvitation(principal, { orgId: access.organization.id }, input.id, client);
    return null;
  },
);

export const createApiKeyAction = orgAction(
  { resource: "api_keys", action: "create" },
  apiKeyFormSchema,
  async (input, { principal, access, client }) => {
    // Creating a key needs recent proof of identity: the form's password opens the same step-up
    // window as POST /api/auth/check-password, on this session only.
    const { password, ...keyInput } = input;
    let actor = principal;
    if (!(principal.stepUpUntil && principal.stepUpUntil > new Date())) {
      if (!password)
        return { ok: false as const, code: "reauthentication_required", fieldErrors: { password: "Enter your password to create a key." } };
      const { stepUpUntil } = await checkPassword({
        userId: principal.userId,
        sessionId: principal.sessionId,
        impersonatorId: principal.impersonatorId,
        password,
      });
      actor = { ...principal, stepUpUntil };
    }
    const created = await createApiKey(actor, { orgId: access.organization.id }, keyInput, client);
    return { ok: true as const, data: { id: created.id, name: created.name, key: created.key } };
  },
);

export const deleteApiKeyAction = orgAction(
  { resource: "api_keys", action: "delete" },
  itemSchema,
  async (input, { principal, access, client }) => {
    await deleteApiKey(principal, { orgId: access.organization.id }, input.id, client);
    return null;
  },
);

export const updateOrganizationAction = orgAction(
  { resource: "organization", action: "update" },
  updateOrganizationSchema,
  async (input, { principal, access, client }) => {
    const updated = await updateOrganization(principal, { orgId: access.organization.id }, input, client);
    return { ok: true as const, data: { name: updated.name, slug: updated.slug }, message: "Organization settings saved." };
  },
);

export const deleteOrganizationAction = orgAction(
  { resource: "organization", action: "delete" },
  checkPasswordSchema,
  async (input, { principal, access, client }) => {
    // Deleting needs recent proof of identity: the password opens the step-up window first.
    const { stepUpUntil } = await checkPassword({
      userId: principal.userId,
      sessionId: principal.sessionId,
      impersonatorId: principal.impersonatorId,
      password: input.password,
    });
    await deleteOrganization({ ...principal, stepUpUntil }, { orgId: access.organization.id }, client);
    redirect("/organizations");
  },
);
