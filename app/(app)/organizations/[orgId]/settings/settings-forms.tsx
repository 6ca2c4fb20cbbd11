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
  const { form, formError, notice, submitWith } = useActionForm(updateOrganizationSchema, { name, slug });
  const onSubmit = submitWith((values) => updateOrganizationAction(orgId, values), { onSuccess: () => router.refresh() });
  return (
    <ActionForm form={form} onSubmit={onSubmit} formError={formError} notice={notice} label="Organization settings">
      <TextField name="name" label="Organization name" autoComplete="organization" />
      <TextField name="slug" label="URL slug" hint="Used in ?org=<slug>. Lower-case letters, digits and dashes." />
      <div>
        <SubmitButton pendingText="Saving…">Save settings</SubmitButton>
      </div>
    </ActionForm>
  );
}

export function DeleteOrganizationForm({ orgId, name }: { orgId: string; name: string }) {
  const router = useRouter();
  const { form, formError, submitWith } = useActionForm(checkPasswordSchema, { password: "" });
  const onSubmit = submitWith(
    async (values) => {
      if (!window.confirm(`Delete ${name} with its members, invitations, API keys and audit log? This cannot be undone.`)) {
        return { ok: false as const, formError: "Nothing was deleted." };
      }
      return deleteOrganizationAction(orgId, values);
    },
    {
      clearOnError: ["password"],
      onSuccess: () => {
        router.push("/organizations");
        router.refresh();
      },
    },
  );
  return (
    <ActionForm form={form} onSubmit={onSubmit} formError={formError} label="Delete organization">
      <TextField name="password" label="Your password" type="password" autoComplete="current-password" hint="Deleting needs your password again." />
      <div>
        <SubmitButton variant="danger" pendingText="Deleting…">
          Delete organization
        </SubmitButton>
      </div>
    </ActionForm>
  );
}
