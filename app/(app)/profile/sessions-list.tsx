"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { revokeSessionAction } from "./actions";

export interface SessionRow {
  id: string;
  current: boolean;
  ip: string | null;
  device: string;
  lastUsed: string;
  started: string;
}

export function SessionsList({ sessions }: { sessions: SessionRow[] }) {
  const router = useRouter();
  const [pendingId, setPendingId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, startTransition] = useTransition();

  function revoke(sid: string) {
    setError(null);
    setPendingId(sid);
    startTransition(async () => {
      const result = await revokeSessionAction({ sid });
      setPendingId(null);
      if (!result.ok) setError(result.formError ?? "Could not end that session.");
      router.refresh();
    });
  }

  return (
    <>
      {error && (
        <div className="alert alert-error" role="alert" style={{ marginBottom: "0.75rem" }}>
          {error}
        </div>
      )}
      <ul className="list" aria-label="Active sessions">
        {sessions.map((s) => (
          <li key={s.id} className="row-between">
            <div>
              <div>
                <strong>{s.device}</strong> {s.current && <span className="badge badge-success">This device</span>}
              </div>
              <div className="small muted">
                {s.ip ?? "unknown address"} · last active {s.lastUsed} · signed in {s.started}
              </div>
            </div>
            <button
              type="button"
              className="btn btn-danger btn-small"
              onClick={() => revoke(s.id)}
              disabled={pendingId === s.id}
              aria-busy={pendingId === s.id || undefined}
            >
              {pendingId === s.id ? "Ending…" : s.current ? "Sign out" : "Revoke"}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
