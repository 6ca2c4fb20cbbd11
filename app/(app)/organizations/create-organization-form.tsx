"use client";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { TextField } from "@/components/form/text-field";
import { useActionForm } from "@/components/form/use-action-form";
import { createOrganizationSchema } from "@/lib/validation/organizations";
import { createOrganizationAction } from "./actions";

export function CreateOrganizationForm() {
  const controller = useActionForm(createOrganizationSchema, createOrganizationAction, { defaultValues: { name: "", slug: undefined } });
  return (
    <ActionForm controller={controller} label="Create an organization">
      <TextField name="name" label="Organization name" autoComplete="organization" />
      <TextField name="slug" label="URL slug" optional hint="Lower-case letters, digits and dashes. Made from the name when left empty." />
      <div>
        <SubmitButton pendingText="Creating…">Create organization</SubmitButton>
      </div>
    </ActionForm>
  );
}
