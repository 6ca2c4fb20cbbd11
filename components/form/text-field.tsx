"use client";
import { useId, type InputHTMLAttributes } from "react";
import { get, useFormContext, type FieldValues, type Path } from "react-hook-form";
import { OPTIONAL_MARKER } from "@/lib/actions/form-input";
import { FieldMessage, fieldAria } from "./field-messages";

// A labelled input wired to the surrounding react-hook-form: its error sits right under it,
// announced to screen readers and linked with aria-describedby. Its value and error are in the
// server's HTML too (react-hook-form only fills inputs once scripts run), so a page rendered
// again after a submission without JavaScript shows both.

interface Props<T extends FieldValues> extends Omit<InputHTMLAttributes<HTMLInputElement>, "name"> {
  name: Path<T>;
  label: string;
  hint?: string;
  /** An empty optional input means "not given", not an empty string. */
  optional?: boolean;
  /** A textarea of this many rows (one entry per line, such as URIs), instead of an input. */
  rows?: number;
}

export function TextField<T extends FieldValues>({ name, label, hint, optional, rows, type = "text", ...rest }: Props<T>) {
  const id = useId();
  const { register, formState } = useFormContext<T>();
  const error = name.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], formState.errors) as
    { message?: string } | undefined;
  // Secrets are never rendered back: a password field starts empty.
  const initial = type === "password" ? undefined : (get(formState.defaultValues, name) as unknown);
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {optional && <span className="muted"> (optional)</span>}
      </label>
      <FieldMessage id={id} kind="hint">
        {hint}
      </FieldMessage>
      {rows ? (
        <textarea
          id={id}
          rows={rows}
          className="mono"
          spellCheck={false}
          {...fieldAria(id, hint, error?.message)}
          defaultValue={typeof initial === "string" ? initial : undefined}
          {...register(name)}
        />
      ) : (
        <input
          id={id}
          type={type}
          {...fieldAria(id, hint, error?.message)}
          defaultValue={typeof initial === "string" ? initial : undefined}
          {...rest}
          {...register(name, optional ? { setValueAs: (v: unknown) => (v === "" ? undefined : v) } : undefined)}
        />
      )}
      {/* Tells the server, as react-hook-form's setValueAs tells the client, that blank means "not given". */}
      {optional && <input type="hidden" name={OPTIONAL_MARKER} value={name} />}
      <FieldMessage id={id} kind="error">
        {error?.message}
      </FieldMessage>
    </div>
  );
}
