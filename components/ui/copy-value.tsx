"use client";
import { useId, useState } from "react";
import { useBrowserValue } from "./use-browser-value";

const clipboardAvailable = () => typeof navigator !== "undefined" && typeof navigator.clipboard?.writeText === "function";

/**
 * A value to paste elsewhere (a DNS record, an IdP's settings): a labelled read-only field, whole
 * and selectable, with a Copy button once scripts run. Without JavaScript there is no button that
 * would do nothing: the field is there to select and copy by hand.
 */
export function CopyValue({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  const id = useId();
  const canCopy = useBrowserValue(clipboardAvailable, false);
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <div className="secret-box copy-box">
        <input
          id={id}
          className="mono"
          readOnly
          value={value}
          data-testid={testId}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onFocus={(event) => event.currentTarget.select()}
        />
        {canCopy && (
          <button
            type="button"
            className="btn btn-secondary btn-small"
            onClick={copy}
            aria-label={`${copied ? "Copied" : "Copy"} ${label}`}
          >
            {copied ? "Copied" : "Copy"}
          </button>
        )}
      </div>
      <span className="visually-hidden" aria-live="polite">
        {copied ? `${label} copied.` : ""}
      </span>
    </div>
  );
}
