"use client";
import { useState } from "react";
import { useBrowserValue } from "@/components/ui/use-browser-value";

// Recovery codes, shown once: a list, a download as .txt (a data: link, so it works without
// JavaScript) and, once scripts run, a copy button.

export function RecoveryCodes({ codes }: { codes: string[] }) {
  const canCopy = useBrowserValue(() => Boolean(navigator.clipboard), false);
  const [copied, setCopied] = useState(false);
  const text = `Keystone Auth recovery codes\nEach code works once. Keep them somewhere safe.\n\n${codes.join("\n")}\n`;
  return (
    <div className="recovery-codes">
      <p className="small">
        <strong>Save these recovery codes now: they will not be shown again.</strong> Each one signs you in once if you lose your
        authenticator app.
      </p>
      <ul aria-label="Recovery codes" className="mono" style={{ columns: 2, listStyle: "none", paddingLeft: 0 }}>
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <p style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }}>
        <a
          className="btn btn-secondary"
          download="keystone-recovery-codes.txt"
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
        >
          Download as .txt
        </a>
        {canCopy && (
          <button
            type="button"
            className="btn btn-secondary"
            onClick={async () => {
              await navigator.clipboard.writeText(codes.join("\n"));
              setCopied(true);
            }}
          >
            {copied ? "Copied" : "Copy codes"}
          </button>
        )}
      </p>
      <p className="small" role="status">
        {copied ? "The codes are on your clipboard." : ""}
      </p>
    </div>
  );
}
