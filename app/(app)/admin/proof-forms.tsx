"use client";
import { useActionState, useId } from "react";
import { FieldMessage, fieldAria } from "@/components/form/field-messages";
import { PendingButton } from "@/components/mfa/pending-button";
import { fieldError } from "@/components/mfa/posted-form";
import { confirmAdminProofAction, sendAdminProofAction } from "./proof-actions";

/** Email me a code, then type it: what turns an ADMIN_EMAILS listing into administrator access. */
export function AdminProofForms() {
  const [sent, sendAction] = useActionState(sendAdminProofAction, null);
  const [confirmed, confirmAction] = useActionState(confirmAdminProofAction, null);
  const id = useId();
  const codeError = fieldError(confirmed, "code");
  const topError = confirmed && !confirmed.ok && !codeError ? (confirmed.formError ?? "That did not work. Please try again.") : null;
  return (
    <div className="stack">
      <form className="form" action={sendAction} aria-label="Email me a code">
        {sent && !sent.ok && (
          <div className="alert alert-error" role="alert">
            {sent.formError ?? "The code could not be sent. Please try again."}
          </div>
        )}
        {sent?.ok && (
          <div className="alert alert-success" role="status">
            {sent.message}
          </div>
        )}
        <div>
          <PendingButton variant={sent?.ok ? "secondary" : "primary"} pendingText="Sending…">
            {sent?.ok ? "Send a new code" : "Email me a code"}
          </PendingButton>
        </div>
      </form>
      <form className="form" action={confirmAction} aria-label="Confirm with the code">
        {topError && (
          <div className="alert alert-error" role="alert">
            {topError}
          </div>
        )}
        <div className="field">
          <label htmlFor={id}>6-digit code</label>
          <input
            id={id}
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            required
            {...fieldAria(id, undefined, codeError)}
          />
          <FieldMessage id={id} kind="error">
            {codeError}
          </FieldMessage>
        </div>
        <div>
          <PendingButton pendingText="Checking…">Confirm</PendingButton>
        </div>
      </form>
    </div>
  );
}
