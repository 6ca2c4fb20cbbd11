"use client";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { TextField } from "@/components/form/text-field";
import { useActionForm, type FormAction } from "@/components/form/use-action-form";
import { webhookEditFormSchema } from "@/lib/validation/forms";
import { EventPicker } from "../event-picker";

/** `action` is editWebhookAction bound to the organization by the page (endpoint-forms.tsx says why). */
export function EditEndpointForm({
  action,
  endpoint,
}: {
  action: FormAction<null>;
  endpoint: { id: string; url: string; description: string; events: string[] };
}) {
  const controller = useActionForm(webhookEditFormSchema, action, { defaultValues: endpoint });
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
