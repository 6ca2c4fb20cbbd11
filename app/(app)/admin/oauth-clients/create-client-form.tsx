"use client";
import Link from "next/link";
import { useState } from "react";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionForm } from "@/components/form/use-action-form";
import { SecretReveal } from "@/components/ui/secret-reveal";
import { oauthClientCreateFormSchema } from "@/lib/validation/oauth-client-forms";
import { DEFAULT_ID_TOKEN_SIGNING_ALG } from "@/lib/validation/oauth-clients";
import { createOAuthClientAction } from "./actions";
import { ClientFields } from "./client-fields";

const EMPTY = {
  name: "",
  type: "confidential" as const,
  redirectUris: "",
  postLogoutRedirectUris: "",
  scopes: ["openid", "profile", "email"] as ("openid" | "profile" | "email")[],
  firstParty: false,
  idTokenSigningAlg: DEFAULT_ID_TOKEN_SIGNING_ALG,
};

/** Register a client; a confidential one's secret is shown here, once (the action's answer is the only place it exists). */
export function CreateClientForm() {
  // Remounts the plain inputs (checkboxes, radios) after a success, so they start from the defaults again.
  const [formKey, setFormKey] = useState(0);
  const controller = useActionForm(oauthClientCreateFormSchema, createOAuthClientAction, {
    defaultValues: EMPTY,
    onSuccess: () => {
      controller.form.reset(EMPTY);
      setFormKey((k) => k + 1);
    },
  });
  const created = controller.result?.ok ? controller.result.data : null;
  return (
    <>
      {created?.clientSecret && (
        <SecretReveal
          label="New client secret"
          title={`Copy the client secret of “${created.name}” now.`}
          secret={created.clientSecret}
          testId="oauth-client-secret"
        >
          <p className="small" style={{ marginTop: "0.5rem" }}>
            It will not be shown again: only its hash is kept. Put it in the application&apos;s configuration with the client id{" "}
            <span className="mono">{created.id}</span>. If it is lost, rotate it on{" "}
            <Link href={`/admin/oauth-clients/${created.id}`}>the client&apos;s page</Link>.
          </p>
        </SecretReveal>
      )}
      <ActionForm controller={controller} label="Register a client" key={formKey}>
        <ClientFields withType />
        <div>
          <SubmitButton pendingText="Registering…">Register client</SubmitButton>
        </div>
      </ActionForm>
    </>
  );
}
