"use client";
import { useRouter } from "next/navigation";
import { useId } from "react";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { TextField } from "@/components/form/text-field";
import { useActionForm, type FormAction } from "@/components/form/use-action-form";
import { createInvitationSchema } from "@/lib/validation/organizations";

/** `action` is createInvitationAction bound to the organization by the page (webhooks/[id]/endpoint-forms.tsx says why). */
export function InviteForm({ action, canInviteOwner }: { action: FormAction<{ id: string }>; canInviteOwner: boolean }) {
  const router = useRouter();
  const roleId = useId();
  const controller = useActionForm(createInvitationSchema, action, {
    defaultValues: { email: "", role: "member" },
    onSuccess: () => {
      controller.form.reset({ email: "", role: "member" });
      router.refresh();
    },
  });
  return (
    <ActionForm controller={controller} label="Invite a member">
      <TextField name="email" label="Email address" type="email" autoComplete="off" />
      <div className="field">
        <label htmlFor={roleId}>Role</label>
        <select
          id={roleId}
          defaultValue={String(controller.form.formState.defaultValues?.role ?? "member")}
          {...controller.form.register("role")}
        >
          <option value="member">Member: can see the organization and its members</option>
          <option value="admin">Admin: manages members, invitations, API keys and the audit log</option>
          {canInviteOwner && <option value="owner">Owner: full control, including deleting the organization</option>}
        </select>
      </div>
      <div>
        <SubmitButton pendingText="Sending invitation…">Send invitation</SubmitButton>
      </div>
    </ActionForm>
  );
}
