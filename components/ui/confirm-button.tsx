"use client";
import { useState, useTransition, type ReactNode } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { InlineError } from "./inline-error";

/** A button running one server action, with its pending label and an inline error. */
export function ActionButton({
  run,
  children,
  pendingText,
  confirm,
  variant = "danger",
  onDone,
  label,
}: {
  run: () => Promise<ActionResult<unknown>>;
  children: ReactNode;
  pendingText: string;
  confirm?: string;
  variant?: "danger" | "secondary" | "primary";
  onDone?: () => void;
  label?: string;
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="row" style={{ gap: "0.4rem" }}>
      <button
        type="button"
        className={`btn btn-${variant} btn-small`}
        disabled={pending}
        aria-busy={pending || undefined}
        aria-label={label}
        onClick={() => {
          if (confirm && !window.confirm(confirm)) return;
          setError(null);
          startTransition(async () => {
            const result = await run();
            if (!result.ok) setError(result.formError ?? "That did not work.");
            else onDone?.();
          });
        }}
      >
        {pending ? pendingText : children}
      </button>
      <InlineError message={error} />
    </span>
  );
}
