"use client";
import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";

/** A submit button that shows it is busy while its form's action runs (plain POST without JS). */
export function PendingButton({
  children,
  pendingText,
  variant = "primary",
  name,
  value,
}: {
  children: ReactNode;
  pendingText?: string;
  variant?: "primary" | "danger" | "secondary";
  name?: string;
  value?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={`btn btn-${variant}`} disabled={pending} aria-busy={pending || undefined} name={name} value={value}>
      {pending && <span className="spinner" aria-hidden="true" />}
      {pending ? (pendingText ?? "Working…") : children}
    </button>
  );
}
