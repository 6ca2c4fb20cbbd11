"use client";
import { useEffect, useId, useRef, type ReactNode } from "react";
import { FieldMessage, fieldAria } from "@/components/form/field-messages";
import { PendingButton } from "@/components/mfa/pending-button";
import { fieldError } from "@/components/mfa/posted-form";
import type { PostedState } from "@/lib/actions/posted-form";
import type { AdminStep } from "./actions";

// One admin action as a form in two steps, each a POST to the same server action (useActionState
// is held by the caller), so both work before scripts load and with JavaScript off:
// 1. the reason (required: it goes into the audit trail) and a button that only reviews;
// 2. what is about to happen, with the reason, and the button that does it (`confirmed`), or a
//    way back. Nothing changes before the second step; a refusal there comes back to the first,
//    reason kept, its message at the top.

export interface ConfirmedActionText {
  /** The form's accessible name, e.g. "Disable the account". */
  label: string;
  /** The first step's button: reviews only, e.g. "Disable account…". */
  review: string;
  /** The second step's button, e.g. "Disable account". */
  confirm: string;
  pending: string;
  reasonHint: string;
  /** What the second step says will happen. */
  consequence: ReactNode;
}

export function ConfirmedAction({
  state,
  formAction,
  text,
  cancelHref,
  danger = true,
  showDone = true,
}: {
  state: PostedState<AdminStep>;
  formAction: (form: FormData) => void;
  text: ConfirmedActionText;
  /** The page itself, loaded afresh: the way back from the second step. */
  cancelHref: string;
  danger?: boolean;
  /** Whether this form shows its own success message (the caller may show it elsewhere). */
  showDone?: boolean;
}) {
  const id = useId();
  const confirmRef = useRef<HTMLParagraphElement>(null);
  const reviewing = state?.ok && state.data.step === "confirm" ? state.data.reason : null;
  // With scripts, the review replaces the button just pressed: take focus to what it says.
  useEffect(() => {
    if (reviewing !== null) confirmRef.current?.focus();
  }, [reviewing]);

  if (reviewing !== null) {
    return (
      <form className="form" action={formAction} aria-label={text.label}>
        <p ref={confirmRef} tabIndex={-1} className="alert alert-warning" style={{ margin: 0 }}>
          <strong>Confirm:</strong> {text.consequence}
        </p>
        <p className="small" style={{ margin: 0, overflowWrap: "anywhere" }}>
          Reason: {reviewing}
        </p>
        <input type="hidden" name="reason" value={reviewing} />
        <input type="hidden" name="confirmed" value="yes" />
        <div className="row">
          <PendingButton variant={danger ? "danger" : "primary"} pendingText={text.pending}>
            {text.confirm}
          </PendingButton>
          <a className="btn btn-secondary" href={cancelHref}>
            Cancel
          </a>
        </div>
      </form>
    );
  }

  const failure = state && !state.ok ? state : null;
  const reasonError = fieldError(state, "reason");
  const topError = failure && !reasonError ? (failure.formError ?? "That did not work. Please try again.") : null;
  const typed = failure?.values?.reason;
  return (
    <form className="form" action={formAction} aria-label={text.label}>
      {topError && (
        <div className="alert alert-error" role="alert">
          {topError}
        </div>
      )}
      {showDone && state?.ok && state.message && (
        <div className="alert alert-success" role="status">
          {state.message}
        </div>
      )}
      <div className="field">
        <label htmlFor={id}>Reason</label>
        <FieldMessage id={id} kind="hint">
          {text.reasonHint}
        </FieldMessage>
        <textarea
          id={id}
          name="reason"
          rows={2}
          required
          maxLength={500}
          defaultValue={typeof typed === "string" ? typed : undefined}
          autoFocus={Boolean(reasonError)}
          {...fieldAria(id, text.reasonHint, reasonError)}
        />
        <FieldMessage id={id} kind="error">
          {reasonError}
        </FieldMessage>
      </div>
      <div>
        <PendingButton variant={danger ? "danger" : "primary"} pendingText="Checking…">
          {text.review}
        </PendingButton>
      </div>
    </form>
  );
}

/** An admin action bound to its account by the server page, as a form's action. */
export type AdminFormAction = (previous: PostedState<AdminStep>, form: FormData) => Promise<PostedState<AdminStep>>;
