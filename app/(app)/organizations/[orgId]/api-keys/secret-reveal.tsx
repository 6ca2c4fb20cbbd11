"use client";
import { useEffect, useRef, useState } from "react";

/** The new key's secret, shown once, with a copy button. It is never shown again. */
export function SecretReveal({ name, secret, onDismiss }: { name: string; secret: string; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <div ref={ref} tabIndex={-1} className="alert alert-warning" role="status" aria-label="New API key" style={{ marginBottom: "1rem" }}>
      <p>
        <strong>Copy the key “{name}” now.</strong> For your security it is shown only this once.
      </p>
      <div className="secret-box">
        <code data-testid="api-key-secret">{secret}</code>
        <button type="button" className="btn btn-secondary btn-small" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <p className="small" style={{ marginTop: "0.5rem", marginBottom: 0 }}>
        <button type="button" className="btn-link" onClick={onDismiss}>
          I have saved it
        </button>
      </p>
    </div>
  );
}
