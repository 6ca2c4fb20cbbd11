"use client";
import type { ReactNode } from "react";
import { useFormContext } from "react-hook-form";

/** The form's submit button: disabled with a spinner and a "pending" label while it runs. */
export function SubmitButton({
  children,
  pendingText,
  variant = "primary",
  label,
}: {
  children: ReactNode;
  pendingText?: string;
  variant?: "primary" | "danger" | "secondary";
  /** An accessible name that says more than the visible text. */
  label?: string;
}) {
  const { formState } = useFormContext();
  const pending = formState.isSubmitting;
  return (
    <button type="submit" className={`btn btn-${variant}`} disabled={pending} aria-busy={pending || undefined} aria-label={label}>
      {pending && <span className="spinner" aria-hidden="true" />}
      {pending ? (pendingText ?? "Working…") : children}
    </button>
  );
}
