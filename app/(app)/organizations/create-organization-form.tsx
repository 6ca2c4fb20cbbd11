"use client";
import { useRouter } from "next/navigation";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { TextField } from "@/components/form/text-field";
import { useActionForm } from "@/components/form/use-action-form";
import { createOrganizationSchema } from "@/lib/validation/organizations";
import { createOrganizationAction } from "./actions";

export function CreateOrganizationForm() {
  const router = useRouter();
  const { form, formError, submitWith } = useActionForm(createOrganizationSchema, { name: "", slug: undefined });
  const onSubmit = submitWith(createOrganizationAction, {
    onSuccess: ({ data }) => {
      router.push(`/organizations/${data.id}`);
      router.refresh();
    },
  });
  return (
    <ActionForm form={form} onSubmit={onSubmit} formError={formError} label="Create an organization">
      <TextField name="name" label="Organization name" autoComplete="organization" />
      <TextField name="slug" label="URL slug" optional hint="Lower-case letters, digits and dashes. Made from the name when left empty." />
      <div>
        <SubmitButton pendingText="Creating…">Create organization</SubmitButton>
      </div>
    </ActionForm>
  );
}
