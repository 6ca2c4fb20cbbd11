"use client";
import { useRouter } from "next/navigation";
import { ActionButton } from "@/components/ui/confirm-button";
import { deleteApiKeyAction } from "../actions";

export interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  permissions: string;
  created: string;
  lastUsed: string;
  expires: string | null;
}

export function KeysList({ orgId, keys, canDelete }: { orgId: string; keys: KeyRow[]; canDelete: boolean }) {
  const router = useRouter();
  if (keys.length === 0) return <p className="empty">No API keys yet.</p>;
  return (
    <ul className="list" aria-label="API keys">
      {keys.map((k) => (
        <li key={k.id} className="row-between">
          <div style={{ minWidth: 0 }}>
            <strong>{k.name}</strong> <span className="mono small muted">{k.prefix}…</span>
            <div className="small muted">
              created {k.created} · last used {k.lastUsed}
              {k.expires ? ` · expires ${k.expires}` : ""}
            </div>
            <div className="small muted mono" style={{ overflowWrap: "anywhere" }}>
              {k.permissions}
            </div>
          </div>
          {canDelete && (
            <ActionButton
              run={() => deleteApiKeyAction(orgId, { id: k.id })}
              pendingText="Revoking…"
              confirm={`Revoke the key “${k.name}”? Anything using it stops working at once.`}
              onDone={() => router.refresh()}
              label={`Revoke ${k.name}`}
            >
              Revoke
            </ActionButton>
          )}
        </li>
      ))}
    </ul>
  );
}
