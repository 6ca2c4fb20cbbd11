"use client";
import type { ReactNode } from "react";
import type { PostedState } from "@/lib/actions/posted-form";

// A form whose action is a server action given through useActionState (the caller holds the
// hook, so a panel can keep several forms' answers): React renders it as a POST with the
// action's id, so it works before hydration and with JavaScript off (Next runs the action and
// renders the page again with its answer, or follows its redirect). Its messages sit at the
// top, scoped to the form (Next adds its own role="alert" element elsewhere).

export function PostedForm({
  state,
  formAction,
  label,
  children,
}: {
  state: PostedState<unknown>;
  formAction: (form: FormData) => void;
  label: string;
  children: ReactNode;
}) {
  const failure = state && !state.ok ? state : null;
  // A message shown next to its field is not repeated at the top.
  const topError =
    failure && !Object.keys(failure.fieldErrors ?? {}).length ? (failure.formError ?? "That did not work. Please try again.") : null;
  return (
    <form className="form" action={formAction} aria-label={label}>
      {topError && (
        <div className="alert alert-error" role="alert">
          {topError}
        </div>
      )}
      {state?.ok && state.message && (
        <div className="alert alert-success" role="status">
          {state.message}
        </div>
      )}
      {children}
    </form>
  );
}

/**
 * A PostedForm folded under a summary (a row's "Rename", "Remove"). It opens again by itself when
 * the form's answer failed, so its message shows after the page comes back.
 */
export function PostedDisclosure({
  summary,
  summaryClassName,
  ...form
}: Parameters<typeof PostedForm>[0] & { summary: ReactNode; summaryClassName?: string }) {
  return (
    <details open={Boolean(form.state && !form.state.ok) || undefined}>
      <summary className={summaryClassName}>{summary}</summary>
      <PostedForm {...form} />
    </details>
  );
}

/** The field's message from an action's answer, if any. */
export const fieldError = (state: PostedState<unknown>, name: string) => (state && !state.ok ? state.fieldErrors?.[name] : undefined);

/** True when the answer asks for the password (the step-up window closed meanwhile). */
export const asksForPassword = (state: PostedState<unknown>) =>
  Boolean(state && !state.ok && (state.code === "reauthentication_required" || state.fieldErrors?.password));
