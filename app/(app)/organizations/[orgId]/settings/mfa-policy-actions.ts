"use server";
import { revalidatePath } from "next/cache";
import { orgAction } from "@/lib/actions/safe-action";
import { postedFields, type PostedState } from "@/lib/actions/posted-form";
import { isFormAnswer, stepUpFromForm } from "@/lib/mfa/form-step-up";
import { updateOrganization } from "@/lib/organizations/organizations";
import { mfaPolicyFormSchema } from "@/lib/validation/mfa";

// The "require two-factor authentication" switch: the same updateOrganization as
// PATCH /api/organizations/{orgId} with requireMfa, so its rules hold here too (owner only, a
// fresh step-up, the owner must have a factor first: 409 shown inline).
const setPolicy = orgAction<typeof mfaPolicyFormSchema, { requireMfa: boolean }>(
  { resource: "organization", action: "update" },
  mfaPolicyFormSchema,
  async (input, { principal, access, client }) => {
    const actor = await stepUpFromForm(principal, input.password);
    if (isFormAnswer(actor)) return actor;
    const updated = await updateOrganization(actor, { orgId: access.organization.id }, { requireMfa: input.requireMfa }, client);
    revalidatePath(`/organizations/${access.organization.id}`, "layout");
    return {
      ok: true as const,
      data: { requireMfa: updated.requireMfa },
      message: updated.requireMfa
        ? "Members now need two-factor authentication to open this organization."
        : "Members no longer need two-factor authentication for this organization.",
    };
  },
);

export async function setMfaPolicyAction(orgId: string, _previous: PostedState<{ requireMfa: boolean }>, form: FormData) {
  return setPolicy(orgId, postedFields(form));
}
