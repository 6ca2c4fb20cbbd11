"use client";
import { useId, type InputHTMLAttributes } from "react";

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
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <input
        id={id}
        name={name}
        type={type}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        autoFocus={Boolean(error) || rest.autoFocus}
        {...rest}
      />
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
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
