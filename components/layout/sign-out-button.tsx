"use client";
import { useFormStatus } from "react-dom";

/** The header's sign-out button, busy while the session is being ended. */
export function SignOutButton() {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className="btn btn-secondary btn-small" disabled={pending} aria-busy={pending || undefined}>
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
