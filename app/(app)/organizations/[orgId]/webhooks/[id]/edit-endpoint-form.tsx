"use client";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { TextField } from "@/components/form/text-field";
import { useActionForm } from "@/components/form/use-action-form";
import { webhookEditFormSchema } from "@/lib/validation/forms";
import { editWebhookAction } from "../actions";
import { EventPicker } from "../event-picker";

export function EditEndpointForm({
  orgId,
  endpoint,
}: {
  orgId: string;
  endpoint: { id: string; url: string; description: string; events: string[] };
}) {
  const controller = useActionForm(webhookEditFormSchema, editWebhookAction.bind(null, orgId), { defaultValues: endpoint });
  return (
    <ActionForm controller={controller} label="Edit endpoint">
      <input type="hidden" defaultValue={endpoint.id} {...controller.form.register("id")} />
      <TextField name="url" label="Endpoint URL" type="url" inputMode="url" autoComplete="off" />
      <TextField name="description" label="Description" autoComplete="off" hint="Leave it empty to remove it." />
      <EventPicker />
      <div>
        <SubmitButton pendingText="Saving…">Save changes</SubmitButton>
      </div>
    </ActionForm>
  );
}
