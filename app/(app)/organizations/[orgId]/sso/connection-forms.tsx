"use client";
import { useActionState, useEffect, useId, useRef, type ChangeEvent, type ReactNode } from "react";
import { FieldMessage, fieldAria } from "@/components/form/field-messages";
import type { FormAction } from "@/components/form/use-action-form";
import { StepUpPasswordField } from "@/components/mfa/field";
import { PendingButton } from "@/components/mfa/pending-button";
import { PostedDisclosure, PostedForm, fieldError } from "@/components/mfa/posted-form";
import { useBrowserValue } from "@/components/ui/use-browser-value";
import type { PostedState } from "@/lib/actions/posted-form";
import type { EnforcementStep } from "./actions";

// The Connections section of the Single sign-on page: add a SAML or an OpenID Connect connection
// (two forms, each folded under its own summary, so the choice needs no script), and per
// connection its settings, the enforcement switch (two steps) and its deletion. Each form posts
// to its action through useActionState, so it works before scripts load and with JavaScript off;
// each action arrives bound to the organization by the server page (webhooks/[id]/endpoint-forms.tsx
// says why). Changing a connection needs the step-up window: while it is closed, the form asks for
// the password too.

const STEP_UP_HINT = "Changing how your organization signs in needs your password again.";

/** A posted answer's typed value of `name`, for a form rendered again after a refusal. */
const typed = (state: PostedState<unknown>, name: string) => {
  const value = state && !state.ok ? state.values?.[name] : undefined;
  return typeof value === "string" ? value : undefined;
};

function TextInput({
  state,
  name,
  label,
  hint,
  type = "text",
  rows,
  ...rest
}: {
  state: PostedState<unknown>;
  name: string;
  label: string;
  hint?: ReactNode;
  type?: string;
  /** A textarea of this many rows. */
  rows?: number;
  autoComplete?: string;
  inputMode?: "url" | "text";
  required?: boolean;
}) {
  const id = useId();
  const error = fieldError(state, name);
  const common = {
    id,
    name,
    defaultValue: type === "password" ? undefined : typed(state, name),
    autoFocus: Boolean(error),
    spellCheck: false,
    ...fieldAria(id, hint, error),
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <FieldMessage id={id} kind="hint">
        {hint}
      </FieldMessage>
      {rows ? (
        <textarea {...common} rows={rows} className="mono" required={rest.required} />
      ) : (
        <input {...common} type={type} autoComplete={rest.autoComplete ?? "off"} inputMode={rest.inputMode} required={rest.required} />
      )}
      <FieldMessage id={id} kind="error">
        {error}
      </FieldMessage>
    </div>
  );
}

function RoleAndMfa({ state, defaults }: { state: PostedState<unknown>; defaults?: { defaultRole: string; idpEnforcesMfa: boolean } }) {
  const id = useId();
  const roleHint = "The role a person gets when their first sign-in through the identity provider adds them to the organization.";
  const posted = state && !state.ok ? state.values : undefined;
  const role = typed(state, "defaultRole") ?? defaults?.defaultRole ?? "member";
  const mfa = posted ? posted.idpEnforcesMfa === "on" : (defaults?.idpEnforcesMfa ?? false);
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-role`}>Default role</label>
        <FieldMessage id={`${id}-role`} kind="hint">
          {roleHint}
        </FieldMessage>
        <select
          id={`${id}-role`}
          name="defaultRole"
          defaultValue={role}
          {...fieldAria(`${id}-role`, roleHint, fieldError(state, "defaultRole"))}
        >
          <option value="member">Member</option>
          <option value="admin">Admin</option>
        </select>
        <FieldMessage id={`${id}-role`} kind="error">
          {fieldError(state, "defaultRole")}
        </FieldMessage>
      </div>
      <div className="field">
        <label className="checkbox" style={{ fontWeight: 400 }}>
          <input type="checkbox" name="idpEnforcesMfa" defaultChecked={mfa} aria-describedby={`${id}-mfa-hint`} />
          <span>The identity provider enforces MFA</span>
        </label>
        <p className="field-hint" id={`${id}-mfa-hint`}>
          Tick it only if your identity provider asks everyone for a second factor: sign-ins through it then count as two-factor here, and
          no second step is asked. Otherwise people with a second factor on their account confirm it here too.
        </p>
      </div>
    </>
  );
}

export function AddSamlConnectionForm({ action, stepUpOpen }: { action: FormAction<never>; stepUpOpen: boolean }) {
  const [state, formAction] = useActionState(action, null);
  const fileId = useId();
  // Reading a file into the field needs a script: without one, the file input is not offered.
  const canReadFiles = useBrowserValue(() => typeof FileReader !== "undefined", false);
  const byHand = ["idpEntityId", "idpSsoUrl", "idpCertificate"].some((f) => typed(state, f) || fieldError(state, f));
  async function readFile(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    const field = input.form?.elements.namedItem("idpMetadataXml");
    if (file && field instanceof HTMLTextAreaElement) field.value = await file.text();
  }
  return (
    <PostedDisclosure summary={<strong>SAML 2.0</strong>} state={state} formAction={formAction} label="Add a SAML connection">
      <p className="small muted">Okta, Microsoft Entra ID, Google Workspace, OneLogin, JumpCloud and most others.</p>
      <TextInput
        state={state}
        name="idpMetadataXml"
        label="Identity provider metadata (XML)"
        hint="Paste the metadata of the SAML app you made for Keystone at your identity provider (“IdP metadata”, “Federation metadata XML”)."
        rows={6}
      />
      {canReadFiles && (
        <div className="field">
          <label htmlFor={fileId}>Or read the metadata from a file</label>
          <input id={fileId} type="file" accept=".xml,application/xml,text/xml,application/samlmetadata+xml" onChange={readFile} />
        </div>
      )}
      <details open={byHand || undefined}>
        <summary className="small">No metadata? Enter the values by hand</summary>
        <div className="stack" style={{ marginTop: "0.75rem" }}>
          <TextInput state={state} name="idpEntityId" label="Identity provider entity ID" hint="Also called the issuer." />
          <TextInput
            state={state}
            name="idpSsoUrl"
            label="Single sign-on URL"
            type="url"
            inputMode="url"
            hint="Where the identity provider takes sign-in requests (HTTP-Redirect binding)."
          />
          <TextInput
            state={state}
            name="idpCertificate"
            label="Signing certificate"
            hint="The identity provider's X.509 signing certificate, PEM or its base64 body."
            rows={5}
          />
        </div>
      </details>
      <RoleAndMfa state={state} />
      <StepUpPasswordField state={state} stepUpOpen={stepUpOpen} hint={STEP_UP_HINT} />
      <div>
        <PendingButton pendingText="Adding…">Add SAML connection</PendingButton>
      </div>
    </PostedDisclosure>
  );
}

export function AddOidcConnectionForm({ action, stepUpOpen }: { action: FormAction<never>; stepUpOpen: boolean }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <PostedDisclosure
      summary={<strong>OpenID Connect</strong>}
      state={state}
      formAction={formAction}
      label="Add an OpenID Connect connection"
    >
      <p className="small muted">
        Register a web application (client) at your identity provider first. Once the connection is added, this page shows the redirect URI
        to give that client.
      </p>
      <TextInput
        state={state}
        name="issuer"
        label="Issuer URL"
        type="url"
        inputMode="url"
        hint="Such as https://login.acme.com. Discovery is read from it."
      />
      <TextInput state={state} name="clientId" label="Client ID" />
      <TextInput
        state={state}
        name="clientSecret"
        label="Client secret"
        type="password"
        autoComplete="new-password"
        hint="Stored encrypted. It is never shown again, here or in the API."
      />
      <RoleAndMfa state={state} />
      <StepUpPasswordField state={state} stepUpOpen={stepUpOpen} hint={STEP_UP_HINT} />
      <div>
        <PendingButton pendingText="Adding…">Add OpenID Connect connection</PendingButton>
      </div>
    </PostedDisclosure>
  );
}

export function ConnectionSettingsForm({
  action,
  id,
  name,
  defaults,
  stepUpOpen,
}: {
  action: FormAction<null>;
  id: string;
  name: string;
  defaults: { defaultRole: string; idpEnforcesMfa: boolean };
  stepUpOpen: boolean;
}) {
  const [state, formAction] = useActionState(action, null);
  return (
    <PostedForm state={state} formAction={formAction} label={`Settings of ${name}`}>
      <input type="hidden" name="id" value={id} />
      <RoleAndMfa state={state} defaults={defaults} />
      <StepUpPasswordField state={state} stepUpOpen={stepUpOpen} hint={STEP_UP_HINT} />
      <div>
        <PendingButton variant="secondary" pendingText="Saving…">
          Save settings
        </PendingButton>
      </div>
    </PostedForm>
  );
}

/**
 * The enforcement switch, in two steps, each a POST: the first only answers what is about to
 * happen; the second does it (with the password while the step-up window is closed), or Cancel
 * goes back. A refusal at the second step (a wrong password) stays on it.
 */
export function EnforcementForm({
  action,
  id,
  name,
  enforced,
  verifiedDomains,
  stepUpOpen,
  here,
}: {
  action: FormAction<EnforcementStep>;
  id: string;
  name: string;
  enforced: boolean;
  verifiedDomains: string[];
  stepUpOpen: boolean;
  here: string;
}) {
  const [state, formAction] = useActionState(action, null);
  const confirmRef = useRef<HTMLParagraphElement>(null);
  const failedConfirmation = state && !state.ok && state.values?.confirmed === "yes" ? state.values.enforced === "on" : null;
  const reviewing = state?.ok && state.data.step === "confirm" ? state.data.enforced : failedConfirmation;
  // With scripts, the review replaces the button just pressed: take focus to what it says.
  useEffect(() => {
    if (reviewing !== null) confirmRef.current?.focus();
  }, [reviewing]);
  const domains = verifiedDomains.length ? verifiedDomains.join(", ") : null;
  const label = `Enforcement of ${name}`;

  if (reviewing !== null) {
    return (
      <PostedForm state={state} formAction={formAction} label={label}>
        <p ref={confirmRef} tabIndex={-1} className="alert alert-warning" style={{ margin: 0 }}>
          <strong>Confirm:</strong>{" "}
          {reviewing ? (
            <>
              from now on, people at {domains ? <span className="mono">{domains}</span> : "your verified domains"} sign in only through your
              identity provider. Their passwords, emailed codes and Google or GitHub sign-in are refused with a link to single sign-on, and
              sessions they opened another way no longer open this organization. Owners keep their password as a break-glass way in; each
              such sign-in is recorded in the audit log.
            </>
          ) : (
            <>
              people at {domains ? <span className="mono">{domains}</span> : "your verified domains"} may sign in with their password, a
              code or Google or GitHub again, and sessions opened that way open this organization again.
            </>
          )}
        </p>
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="enforced" value={reviewing ? "on" : "off"} />
        <input type="hidden" name="confirmed" value="yes" />
        <StepUpPasswordField state={state} stepUpOpen={stepUpOpen} hint={STEP_UP_HINT} />
        <div className="row">
          <PendingButton variant={reviewing ? "danger" : "primary"} pendingText="Saving…">
            {reviewing ? "Enforce single sign-on" : "Stop enforcing"}
          </PendingButton>
          <a className="btn btn-secondary" href={here}>
            Cancel
          </a>
        </div>
      </PostedForm>
    );
  }

  return (
    <PostedForm state={state} formAction={formAction} label={label}>
      <p style={{ margin: 0 }}>
        <span className={`badge ${enforced ? "badge-primary" : ""}`}>{enforced ? "Enforced" : "Not enforced"}</span>{" "}
        {enforced
          ? "People at your verified domains sign in only through this identity provider; owners keep a recorded break-glass password sign-in."
          : "People at your verified domains may sign in through this identity provider or with their password."}
      </p>
      {!enforced && (
        <p className="small alert alert-warning" style={{ margin: 0 }}>
          Enforcing means people at {domains ? <span className="mono">{domains}</span> : "your verified domains (none yet)"} can sign in
          only through this identity provider: password, code and Google or GitHub sign-in are refused, and sessions they opened before do
          not open this organization any more. Owners keep their password sign-in as a break-glass way in, recorded in the audit log. Test
          the sign-in first.
        </p>
      )}
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="enforced" value={enforced ? "off" : "on"} />
      <div>
        <PendingButton variant={enforced ? "secondary" : "danger"} pendingText="Checking…">
          {enforced ? "Stop enforcing…" : "Enforce single sign-on…"}
        </PendingButton>
      </div>
    </PostedForm>
  );
}

export function DeleteConnectionForm({
  action,
  id,
  name,
  enforced,
  stepUpOpen,
}: {
  action: FormAction<never>;
  id: string;
  name: string;
  enforced: boolean;
  stepUpOpen: boolean;
}) {
  const [state, formAction] = useActionState(action, null);
  // Opening the disclosure is the deliberate step (there is no dialog without JavaScript).
  return (
    <PostedDisclosure
      summary="Delete this connection…"
      summaryClassName="small"
      state={state}
      formAction={formAction}
      label={`Delete ${name}`}
    >
      <input type="hidden" name="id" value={id} />
      <p className="small">
        Nobody can sign in through it any more{enforced ? ", and its enforcement ends with it" : ""}. Accounts it created stay, with their
        memberships; they sign in another way (a password reset, for instance). This cannot be undone.
      </p>
      <StepUpPasswordField state={state} stepUpOpen={stepUpOpen} hint={STEP_UP_HINT} />
      <div>
        <PendingButton variant="danger" pendingText="Deleting…">
          Delete connection
        </PendingButton>
      </div>
    </PostedDisclosure>
  );
}
