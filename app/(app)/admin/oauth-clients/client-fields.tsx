"use client";
import { useId } from "react";
import { useFormContext } from "react-hook-form";
import { FieldMessage } from "@/components/form/field-messages";
import { TextField } from "@/components/form/text-field";
import {
  DEFAULT_ID_TOKEN_SIGNING_ALG,
  ID_TOKEN_SIGNING_ALGORITHMS,
  OAUTH_CLIENT_TYPES,
  OAUTH_SCOPES,
} from "@/lib/validation/oauth-clients";

// The fields the register and edit forms share, inside their react-hook-form: plain inputs named
// as the form schemas (lib/validation/oauth-client-forms.ts) read them, so they post without
// JavaScript too. What is ticked is in the server's HTML (defaultChecked), so a page rendered
// again after a refused submission shows the choice as it was sent.

const SCOPE_HINTS: Record<(typeof OAUTH_SCOPES)[number], string> = {
  openid: "the account's id in an ID token, for sign-in (always needed)",
  profile: "the person's name",
  email: "the address, and whether it is confirmed",
  offline_access: "refresh tokens, to stay signed in",
  organization: "the active organization and role (org_id, org_role)",
};

const TYPE_HINTS: Record<(typeof OAUTH_CLIENT_TYPES)[number], string> = {
  confidential: "a server that keeps a secret (shown once). It may also use client credentials and introspection.",
  public: "a browser or mobile app, which cannot keep a secret: PKCE only.",
};

const ID_TOKEN_ALG_HINTS: Record<(typeof ID_TOKEN_SIGNING_ALGORITHMS)[number], string> = {
  RS256: "the OpenID Connect default, which every relying party accepts. Choose it unless you know the application takes ES256.",
  ES256: "smaller ID tokens, about 8× cheaper to sign. Only if the application accepts ES256 (most current libraries do).",
};

type Fields = {
  name: string;
  type: string;
  redirectUris: string;
  postLogoutRedirectUris: string;
  scopes: string[];
  firstParty: unknown;
  idTokenSigningAlg: string;
};

/** A posted or default value that means "ticked": the API's boolean, or a posted checkbox's "on". */
const ticked = (value: unknown) => value === true || value === "on";

export function ClientFields({ withType }: { withType: boolean }) {
  const id = useId();
  const { register, formState } = useFormContext<Fields>();
  const defaults = formState.defaultValues;
  const scopeError = formState.errors.scopes?.message ?? formState.errors.scopes?.root?.message;
  const chosenScopes = new Set(Array.isArray(defaults?.scopes) ? defaults.scopes : [defaults?.scopes]);
  return (
    <>
      <TextField name="name" label="Name" autoComplete="off" hint="Shown to people on the consent page, and in the audit log." />
      {withType && (
        <fieldset className="checkbox-grid" style={{ gridTemplateColumns: "1fr" }}>
          <legend>Type</legend>
          {OAUTH_CLIENT_TYPES.map((type) => (
            <label key={type} className="checkbox">
              <input type="radio" value={type} defaultChecked={(defaults?.type ?? "confidential") === type} {...register("type")} />
              <span>
                <strong>{type === "confidential" ? "Confidential" : "Public"}</strong>: {TYPE_HINTS[type]}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <TextField
        name="redirectUris"
        label="Redirect URIs"
        rows={3}
        hint="One per line, matched exactly: https, or http on localhost, 127.0.0.1 or [::1], or an app scheme (com.example.app:/callback)."
      />
      <TextField
        name="postLogoutRedirectUris"
        label="Post-logout redirect URIs (optional)"
        rows={2}
        hint="One per line: where the application may send people after signing them out."
      />
      <fieldset className="checkbox-grid" style={{ gridTemplateColumns: "1fr" }} aria-describedby={scopeError ? `${id}-error` : undefined}>
        <legend>Allowed scopes</legend>
        {OAUTH_SCOPES.map((scope) => (
          <label key={scope} className="checkbox">
            <input type="checkbox" value={scope} defaultChecked={chosenScopes.has(scope)} {...register("scopes")} />
            <span>
              <span className="mono">{scope}</span>: {SCOPE_HINTS[scope]}
            </span>
          </label>
        ))}
        <FieldMessage id={id} kind="error">
          {scopeError}
        </FieldMessage>
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" defaultChecked={ticked(defaults?.firstParty)} {...register("firstParty")} />
        <span>
          <strong>First-party</strong>: one of your own applications, so people are not asked to consent
        </span>
      </label>
      <fieldset className="checkbox-grid" style={{ gridTemplateColumns: "1fr" }}>
        <legend>ID token signature</legend>
        {ID_TOKEN_SIGNING_ALGORITHMS.map((alg) => (
          <label key={alg} className="checkbox">
            <input
              type="radio"
              value={alg}
              defaultChecked={(defaults?.idTokenSigningAlg ?? DEFAULT_ID_TOKEN_SIGNING_ALG) === alg}
              {...register("idTokenSigningAlg")}
            />
            <span>
              <strong className="mono">{alg}</strong>
              {alg === DEFAULT_ID_TOKEN_SIGNING_ALG && " (default)"}: {ID_TOKEN_ALG_HINTS[alg]}
            </span>
          </label>
        ))}
      </fieldset>
    </>
  );
}
