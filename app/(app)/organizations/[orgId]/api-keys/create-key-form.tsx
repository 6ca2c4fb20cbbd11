"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { TextField } from "@/components/form/text-field";
import { useActionForm } from "@/components/form/use-action-form";
import type { Permission } from "@/lib/organizations/permissions";
import { apiKeyFormSchema } from "@/lib/validation/forms";
import { createApiKeyAction } from "../actions";
import { SecretReveal } from "./secret-reveal";

const keyOf = (p: Permission) => `${p.resource}:${p.action}`;

export function CreateKeyForm({ orgId, grantable, needsPassword }: { orgId: string; grantable: Permission[]; needsPassword: boolean }) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const { form, formError, submitWith } = useActionForm(apiKeyFormSchema, { name: "", password: needsPassword ? "" : undefined });
  const onSubmit = submitWith(
    (values) => {
      const permissions = grantable.filter((p) => selected.has(keyOf(p)));
      // None ticked means "everything I may grant", as in the API.
      return createApiKeyAction(orgId, { ...(values as object), permissions: permissions.length ? permissions : undefined });
    },
    {
      clearOnError: needsPassword ? ["password"] : [],
      onSuccess: ({ data }) => {
        setCreated({ name: data.name, key: data.key });
        form.reset({ name: "", password: needsPassword ? "" : undefined });
        setSelected(new Set());
        router.refresh();
      },
    },
  );

  return (
    <>
      {created && <SecretReveal name={created.name} secret={created.key} onDismiss={() => setCreated(null)} />}
      <ActionForm form={form} onSubmit={onSubmit} formError={formError} label="Create an API key">
        <TextField name="name" label="Key name" autoComplete="off" hint="For example the service that will use it." />
        <fieldset className="checkbox-grid">
          <legend>Permissions (none ticked: all of yours)</legend>
          {grantable.map((p) => (
            <label key={keyOf(p)} className="checkbox">
              <input
                type="checkbox"
                checked={selected.has(keyOf(p))}
                onChange={(e) => {
                  const next = new Set(selected);
                  if (e.target.checked) next.add(keyOf(p));
                  else next.delete(keyOf(p));
                  setSelected(next);
                }}
              />
              <span className="mono">{keyOf(p)}</span>
            </label>
          ))}
        </fieldset>
        {needsPassword && <TextField name="password" label="Your password" type="password" autoComplete="current-password" hint="Creating a key needs your password again." />}
        <div>
          <SubmitButton pendingText="Creating key…">Create API key</SubmitButton>
        </div>
      </ActionForm>
    </>
  );
}
