"use client";
import { useRouter } from "next/navigation";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { TextField } from "@/components/form/text-field";
import { useActionForm, type FormAction } from "@/components/form/use-action-form";
import { updateOrganizationSchema } from "@/lib/validation/organizations";
import { checkPasswordSchema } from "@/lib/validation/password";

// Each `action` arrives bound to the organization by the page (webhooks/[id]/endpoint-forms.tsx says why).

export function OrganizationSettingsForm({
  action,
  name,
  slug,
}: {
  action: FormAction<{ name: string; slug: string }>;
  name: string;
  slug: string;
}) {
  const router = useRouter();
  const controller = useActionForm(updateOrganizationSchema, action, {
    defaultValues: { name, slug },
    onSuccess: () => router.refresh(),
  });
  return (
    <ActionForm controller={controller} label="Organization settings">
      <TextField name="name" label="Organization name" autoComplete="organization" />
      <TextField name="slug" label="URL slug" hint="Used in ?org=<slug>. Lower-case letters, digits and dashes." />
      <div>
        <SubmitButton pendingText="Saving…">Save settings</SubmitButton>
      </div>
    </ActionForm>
  );
}

export function DeleteOrganizationForm({ action, name }: { action: FormAction<never>; name: string }) {
  const controller = useActionForm(checkPasswordSchema, action, {
    defaultValues: { password: "" },
    clearOnError: ["password"],
    // Without JavaScript there is no dialog: the password field is the deliberate step.
    beforeSubmit: () => window.confirm(`Delete ${name} with its members, invitations, API keys and audit log? This cannot be undone.`),
  });
  return (
    <ActionForm controller={controller} label="Delete organization">
      <TextField
        name="password"
        label="Your password"
        type="password"
        autoComplete="current-password"
        hint="Deleting needs your password again."
      />
      <div>
        <SubmitButton variant="danger" pendingText="Deleting…">
          Delete organization
        </SubmitButton>
      </div>
    </ActionForm>
  );
}
