"use client";
import { useEffect, useRef, useState, type ReactNode } from "react";

/**
 * A new secret (an API key, a webhook signing secret, an OAuth client secret), shown once, with a
 * copy button; focus moves to it so a screen reader announces it. It is never shown again: "I
 * have saved it" hides it, until the caller has a new one. `children` is what the reader needs
 * next to it (how to use or verify it).
 */
export function SecretReveal({
  label,
  title,
  secret,
  testId,
  children,
}: {
  /** The region's accessible name, e.g. "New API key". */
  label: string;
  /** Its first sentence: what to copy. */
  title: ReactNode;
  secret: string;
  testId: string;
  children?: ReactNode;
}) {
  // Each remembers the secret it is about, so a new secret starts afresh.
  const [copied, setCopied] = useState<string | null>(null);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [secret]);
  if (dismissed === secret) return null;
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(secret);
    } catch {
      setCopied(null);
    }
  }
  return (
    <div ref={ref} tabIndex={-1} className="alert alert-warning" role="status" aria-label={label} style={{ marginBottom: "1rem" }}>
      <p>
        <strong>{title}</strong> For your security it is shown only this once.
      </p>
      <div className="secret-box">
        <code data-testid={testId}>{secret}</code>
        <button type="button" className="btn btn-secondary btn-small" onClick={copy}>
          {copied === secret ? "Copied" : "Copy"}
        </button>
      </div>
      {children}
      <p className="small" style={{ marginTop: "0.5rem", marginBottom: 0 }}>
        <button type="button" className="btn-link" onClick={() => setDismissed(secret)}>
          I have saved it
        </button>
      </p>
    </div>
  );
}
