"use client";
import { useRouter } from "next/navigation";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { TextField } from "@/components/form/text-field";
import { useActionForm } from "@/components/form/use-action-form";
import { updateOrganizationSchema } from "@/lib/validation/organizations";
import { checkPasswordSchema } from "@/lib/validation/password";
import { deleteOrganizationAction, updateOrganizationAction } from "../actions";

export function OrganizationSettingsForm({ orgId, name, slug }: { orgId: string; name: string; slug: string }) {
  const router = useRouter();
  const controller = useActionForm(updateOrganizationSchema, updateOrganizationAction.bind(null, orgId), {
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

export function DeleteOrganizationForm({ orgId, name }: { orgId: string; name: string }) {
  const controller = useActionForm(checkPasswordSchema, deleteOrganizationAction.bind(null, orgId), {
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
