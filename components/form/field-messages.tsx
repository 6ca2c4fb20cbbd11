import type { ReactNode } from "react";

// What a labelled input says besides its label: a hint above it and an error under it, each with
// an id the input names in aria-describedby, so a screen reader reads them with the field.

/** The input's aria attributes: invalid while it has an error, described by its hint and error. */
export const fieldAria = (id: string, hint?: unknown, error?: unknown) => ({
  "aria-invalid": error ? true : undefined,
  "aria-describedby": [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined,
});

/** The field's hint or error (nothing when there is none), with the id describedBy names. */
export function FieldMessage({ id, kind, children }: { id: string; kind: "hint" | "error"; children?: ReactNode }) {
  if (!children) return null;
  return (
    <p className={`field-${kind}`} id={`${id}-${kind}`}>
      {children}
    </p>
  );
}
