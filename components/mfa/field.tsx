"use client";
import { useId, type InputHTMLAttributes } from "react";
import { FieldMessage, fieldAria } from "@/components/form/field-messages";
import type { PostedState } from "@/lib/actions/posted-form";
import { asksForPassword, fieldError } from "./posted-form";

// A labelled input for the PostedForm forms: its error under it, announced and linked with
// aria-describedby. Never given a value back: these fields hold passwords and codes.

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "defaultValue" | "value"> {
  name: string;
  label: string;
  hint?: string;
  error?: string;
}

export function Field({ name, label, hint, error, type = "text", ...rest }: Props) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <FieldMessage id={id} kind="hint">
        {hint}
      </FieldMessage>
      <input id={id} name={name} type={type} {...fieldAria(id, hint, error)} autoFocus={Boolean(error) || rest.autoFocus} {...rest} />
      <FieldMessage id={id} kind="error">
        {error}
      </FieldMessage>
    </div>
  );
}

/** The 6-digit code input every second-step form uses. */
export function CodeField({ error, label = "6-digit code" }: { error?: string; label?: string }) {
  return (
    <Field
      name="code"
      label={label}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="\d{6}"
      maxLength={6}
      required
      error={error}
      hint="From your authenticator app."
    />
  );
}

/**
 * The account's current password, asked again before a sensitive change. Its message comes from
 * the form's answer (`state`), so the caller passes that and the reason in `hint`.
 */
export function PasswordField({
  state,
  hint,
  label = "Your password",
  required,
}: {
  state: PostedState<unknown>;
  hint: string;
  label?: string;
  required?: boolean;
}) {
  return (
    <Field
      name="password"
      label={label}
      type="password"
      autoComplete="current-password"
      required={required}
      hint={hint}
      error={fieldError(state, "password")}
    />
  );
}

/**
 * The password of a step-up form: asked while the step-up window is closed, or when the answer
 * asks for it (the window closed meanwhile); otherwise nothing.
 */
export function StepUpPasswordField({ state, stepUpOpen, hint }: { state: PostedState<unknown>; stepUpOpen: boolean; hint: string }) {
  if (stepUpOpen && !asksForPassword(state)) return null;
  return <PasswordField state={state} hint={hint} />;
}
