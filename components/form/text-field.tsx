"use client";
import { useId, type InputHTMLAttributes } from "react";
import { useFormContext, type FieldValues, type Path } from "react-hook-form";

// A labelled input wired to the surrounding react-hook-form: its error sits right under it,
// announced to screen readers and linked with aria-describedby.

interface Props<T extends FieldValues> extends Omit<InputHTMLAttributes<HTMLInputElement>, "name"> {
  name: Path<T>;
  label: string;
  hint?: string;
  /** An empty optional input means "not given", not an empty string. */
  optional?: boolean;
}

export function TextField<T extends FieldValues>({ name, label, hint, optional, type = "text", ...rest }: Props<T>) {
  const id = useId();
  const { register, formState } = useFormContext<T>();
  const error = name.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], formState.errors) as
    | { message?: string }
    | undefined;
  const describedBy = [hint && `${id}-hint`, error?.message && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {optional && <span className="muted"> (optional)</span>}
      </label>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <input
        id={id}
        type={type}
        aria-invalid={error?.message ? true : undefined}
        aria-describedby={describedBy}
        {...rest}
        {...register(name, optional ? { setValueAs: (v: unknown) => (v === "" ? undefined : v) } : undefined)}
      />
      {error?.message && (
        <p className="field-error" id={`${id}-error`}>
          {error.message}
        </p>
      )}
    </div>
  );
}
