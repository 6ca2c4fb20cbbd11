"use client";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { TextField } from "@/components/form/text-field";
import { useActionForm, type FormAction } from "@/components/form/use-action-form";
import { SecretReveal } from "@/components/ui/secret-reveal";
import { webhookCreateFormSchema } from "@/lib/validation/forms";
import { EventPicker } from "./event-picker";

const EMPTY = { url: "", description: "", events: [] as string[] };

/** `action` is createWebhookAction bound to the organization by the page (endpoint-forms.tsx says why). */
export function AddEndpointForm({ action }: { action: FormAction<{ id: string; url: string; secret: string }> }) {
  const controller = useActionForm(webhookCreateFormSchema, action, {
    defaultValues: EMPTY,
    onSuccess: () => controller.form.reset(EMPTY),
  });
  const created = controller.result?.ok ? controller.result.data : null;
  return (
    <>
      {created && (
        <SecretReveal
          label="New endpoint's signing secret"
          title={`Copy the signing secret of ${created.url} now.`}
          secret={created.secret}
          testId="webhook-secret"
        >
          <p className="small" style={{ marginTop: "0.5rem" }}>
            Your receiver checks each delivery&apos;s <code>webhook-signature</code> header with it, as the Standard Webhooks specification
            describes (its libraries do it in one call).
          </p>
        </SecretReveal>
      )}
      <ActionForm controller={controller} label="Add a webhook endpoint">
        <TextField
          name="url"
          label="Endpoint URL"
          type="url"
          inputMode="url"
          autoComplete="off"
          hint="Where each event is POSTed, e.g. https://example.com/webhooks."
        />
        <TextField name="description" label="Description" optional autoComplete="off" hint="What receives it, for your team." />
        <EventPicker />
        <div>
          <SubmitButton pendingText="Adding endpoint…">Add endpoint</SubmitButton>
        </div>
      </ActionForm>
    </>
  );
}
