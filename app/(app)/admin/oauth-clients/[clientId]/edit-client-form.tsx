"use client";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionForm } from "@/components/form/use-action-form";
import { oauthClientEditFormSchema } from "@/lib/validation/oauth-client-forms";
import type { IdTokenSigningAlg } from "@/lib/validation/oauth-clients";
import { editOAuthClientAction } from "../actions";
import { ClientFields } from "../client-fields";

export interface EditableClient {
  id: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  scopes: string[];
  firstParty: boolean;
  idTokenSigningAlg: IdTokenSigningAlg;
}

/** Everything but the type (a client keeps the type it was registered with), posted whole. */
export function EditClientForm({ client }: { client: EditableClient }) {
  const controller = useActionForm(oauthClientEditFormSchema, editOAuthClientAction, {
    defaultValues: {
      clientId: client.id,
      name: client.name,
      redirectUris: client.redirectUris.join("\n"),
      postLogoutRedirectUris: client.postLogoutRedirectUris.join("\n"),
      scopes: client.scopes,
      firstParty: client.firstParty,
      idTokenSigningAlg: client.idTokenSigningAlg,
    },
  });
  return (
    <ActionForm controller={controller} label="Edit client">
      <input type="hidden" defaultValue={client.id} {...controller.form.register("clientId")} />
      <ClientFields withType={false} />
      <div>
        <SubmitButton pendingText="Saving…">Save changes</SubmitButton>
      </div>
    </ActionForm>
  );
}
