"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { TextField } from "@/components/form/text-field";
import { useActionForm, type FormAction } from "@/components/form/use-action-form";
import { SecretReveal } from "@/components/ui/secret-reveal";
import type { Permission } from "@/lib/organizations/permissions";
import { apiKeyFormSchema, permissionCheckboxValue } from "@/lib/validation/forms";

/** `action` is createApiKeyAction bound to the organization by the page (webhooks/[id]/endpoint-forms.tsx says why). */
export function CreateKeyForm({
  action,
  grantable,
  needsPassword,
}: {
  action: FormAction<{ id: string; name: string; key: string }>;
  grantable: Permission[];
  needsPassword: boolean;
}) {
  const router = useRouter();
  const [formKey, setFormKey] = useState(0);
  const controller = useActionForm(apiKeyFormSchema, action, {
    defaultValues: { name: "", password: needsPassword ? "" : undefined },
    clearOnError: needsPassword ? ["password"] : [],
    onSuccess: () => {
      controller.form.reset({ name: "", password: needsPassword ? "" : undefined });
      // Unticks the permission boxes (plain inputs, so they post without JavaScript too).
      setFormKey((k) => k + 1);
      router.refresh();
    },
  });
  const created = controller.result?.ok ? controller.result.data : null;

  return (
    <>
      {created && (
        <SecretReveal label="New API key" title={`Copy the key “${created.name}” now.`} secret={created.key} testId="api-key-secret" />
      )}
      <ActionForm controller={controller} label="Create an API key">
        <TextField name="name" label="Key name" autoComplete="off" hint="For example the service that will use it." />
        {/* None ticked means "everything I may grant", as in the API. */}
        <fieldset className="checkbox-grid" key={formKey}>
          <legend>Permissions (none ticked: all of yours)</legend>
          {grantable.map((p) => (
            <label key={permissionCheckboxValue(p)} className="checkbox">
              <input type="checkbox" name="permissions" value={permissionCheckboxValue(p)} />
              <span className="mono">{permissionCheckboxValue(p)}</span>
            </label>
          ))}
        </fieldset>
        {needsPassword && (
          <TextField
            name="password"
            label="Your password"
            type="password"
            autoComplete="current-password"
            hint="Creating a key needs your password again."
          />
        )}
        <div>
          <SubmitButton pendingText="Creating key…">Create API key</SubmitButton>
        </div>
      </ActionForm>
    </>
  );
}
