"use client";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionForm } from "@/components/form/use-action-form";
import { invitationTokenParamsSchema } from "@/lib/validation/organizations";
import { acceptInvitationAction } from "./actions";

/** Accepting is a form like any other: it posts (the token in its body) with or without JavaScript. */
export function AcceptInvitationButton({ token, orgName }: { token: string; orgName: string }) {
  const controller = useActionForm(invitationTokenParamsSchema, acceptInvitationAction, { defaultValues: { token } });
  return (
    <ActionForm controller={controller} label="Accept the invitation">
      <input type="hidden" defaultValue={token} {...controller.form.register("token")} />
      <div>
        <SubmitButton pendingText="Joining…" label={`Accept invitation to ${orgName}`}>
          Accept invitation
        </SubmitButton>
      </div>
    </ActionForm>
  );
}
