"use client";
import { useActionState, useId } from "react";
import { FieldMessage, fieldAria } from "@/components/form/field-messages";
import type { FormAction } from "@/components/form/use-action-form";
import { PendingButton } from "@/components/mfa/pending-button";
import { PostedDisclosure, PostedForm, fieldError } from "@/components/mfa/posted-form";
import { CopyValue } from "@/components/ui/copy-value";

// The Domains section of the Single sign-on page. Each form posts to its action through
// useActionState, so it works before scripts load and with JavaScript off; each action arrives
// bound to the organization by the server page (webhooks/[id]/endpoint-forms.tsx says why).

export interface DomainItem {
  id: string;
  domain: string;
  status: "pending" | "verified";
  recordName: string;
  recordValue: string;
  added: string;
  verified: string | null;
}

export function AddDomainForm({ action }: { action: FormAction<{ id: string }> }) {
  const [state, formAction] = useActionState(action, null);
  const id = useId();
  const error = fieldError(state, "domain");
  const typed = state && !state.ok ? state.values?.domain : undefined;
  const hint = "The part after the @ in your people's addresses, such as acme.com. Add each domain they use.";
  return (
    <PostedForm state={state} formAction={formAction} label="Add a domain">
      <div className="field">
        <label htmlFor={id}>Domain</label>
        <FieldMessage id={id} kind="hint">
          {hint}
        </FieldMessage>
        <input
          id={id}
          name="domain"
          autoComplete="off"
          spellCheck={false}
          required
          maxLength={253}
          defaultValue={typeof typed === "string" ? typed : undefined}
          autoFocus={Boolean(error)}
          {...fieldAria(id, hint, error)}
        />
        <FieldMessage id={id} kind="error">
          {error}
        </FieldMessage>
      </div>
      <div>
        <PendingButton pendingText="Adding…">Add domain</PendingButton>
      </div>
    </PostedForm>
  );
}

/**
 * The organization's domains, oldest first. A pending one shows the TXT record to publish and a
 * Verify button; its answer ("no record yet", or verified) stays with the row, so it outlives the
 * form it came from once the domain is verified.
 */
export function DomainsList({
  domains,
  verify,
  remove,
}: {
  domains: DomainItem[];
  /** Only for owners: admins read. */
  verify?: FormAction<null>;
  remove?: FormAction<never>;
}) {
  if (domains.length === 0) return <p className="empty">No domains yet.</p>;
  return (
    <ul className="list" aria-label="Domains">
      {domains.map((d) => (
        <DomainRow key={d.id} domain={d} verify={verify} remove={remove} />
      ))}
    </ul>
  );
}

function DomainRow({ domain: d, verify, remove }: { domain: DomainItem; verify?: FormAction<null>; remove?: FormAction<never> }) {
  return (
    <li data-domain={d.domain}>
      <div className="row-between">
        <strong className="mono" style={{ overflowWrap: "anywhere", minWidth: 0 }}>
          {d.domain}
        </strong>
        {d.status === "verified" ? (
          <span className="badge badge-success">Verified</span>
        ) : (
          <span className="badge">Pending verification</span>
        )}
      </div>
      <p className="small muted" style={{ margin: "0.25rem 0 0" }}>
        Added {d.added}
        {d.verified ? ` · verified ${d.verified}` : ""}
      </p>
      {d.status === "pending" && (
        <div className="stack" style={{ marginTop: "0.75rem" }}>
          <p className="small" style={{ margin: 0 }}>
            To prove the organization holds <span className="mono">{d.domain}</span>, add this TXT record at its DNS provider, then verify.
          </p>
          <CopyValue label="TXT record name" value={d.recordName} />
          <CopyValue label="TXT record value" value={d.recordValue} />
        </div>
      )}
      {(verify || remove) && (
        <div className="stack" style={{ marginTop: "0.75rem" }}>
          {verify && <VerifyDomain action={verify} domain={d} />}
          {remove && <RemoveDomain action={remove} domain={d} />}
        </div>
      )}
    </li>
  );
}

function VerifyDomain({ action, domain: d }: { action: FormAction<null>; domain: DomainItem }) {
  const [state, formAction] = useActionState(action, null);
  if (d.status === "verified") {
    return state?.ok && state.message ? (
      <div className="alert alert-success" role="status">
        {state.message}
      </div>
    ) : null;
  }
  return (
    <PostedForm state={state} formAction={formAction} label={`Verify ${d.domain}`}>
      <input type="hidden" name="id" value={d.id} />
      <div>
        <PendingButton pendingText="Looking up the record…">Verify</PendingButton>
      </div>
    </PostedForm>
  );
}

function RemoveDomain({ action, domain: d }: { action: FormAction<never>; domain: DomainItem }) {
  const [state, formAction] = useActionState(action, null);
  // Opening the disclosure is the deliberate step (there is no dialog without JavaScript).
  return (
    <PostedDisclosure
      summary={`Remove ${d.domain}…`}
      summaryClassName="small"
      state={state}
      formAction={formAction}
      label={`Remove ${d.domain}`}
    >
      <input type="hidden" name="id" value={d.id} />
      <p className="small">
        People at <span className="mono">{d.domain}</span> then no longer sign in through your identity provider, and enforcement stops
        applying to them. Their accounts and memberships stay. To use the domain again you verify it again.
      </p>
      <div>
        <PendingButton variant="danger" pendingText="Removing…">
          Remove domain
        </PendingButton>
      </div>
    </PostedDisclosure>
  );
}
