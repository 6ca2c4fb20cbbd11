"use client";
import { useRouter } from "next/navigation";
import { DataTable } from "@/components/ui/data-table";
import { ActionButton } from "@/components/ui/confirm-button";
import { revokeInvitationAction } from "../actions";

export interface InvitationRow {
  id: string;
  email: string;
  role: string;
  status: string;
  expires: string;
}

export function InvitationsList({ orgId, invitations, canRevoke }: { orgId: string; invitations: InvitationRow[]; canRevoke: boolean }) {
  const router = useRouter();
  if (invitations.length === 0) return <p className="empty">No invitations yet.</p>;
  return (
    <DataTable columns={["Email", "Role", "Status", { label: "Actions", hidden: true }]}>
      {invitations.map((i) => (
        <tr key={i.id}>
          <td>{i.email}</td>
          <td>
            <span className="badge badge-primary">{i.role}</span>
          </td>
          <td>
            <span className={`badge ${i.status === "accepted" ? "badge-success" : ""}`}>{i.status}</span>
            {i.status === "pending" && <div className="small muted">expires {i.expires}</div>}
          </td>
          <td style={{ textAlign: "right" }}>
            {canRevoke && i.status === "pending" && (
              <ActionButton
                run={() => revokeInvitationAction(orgId, { id: i.id })}
                pendingText="Revoking…"
                onDone={() => router.refresh()}
                label={`Revoke invitation for ${i.email}`}
              >
                Revoke
              </ActionButton>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
