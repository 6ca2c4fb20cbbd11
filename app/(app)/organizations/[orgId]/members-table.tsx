"use client";
import { useRouter } from "next/navigation";
import { DataTable } from "@/components/ui/data-table";
import { useState, useTransition } from "react";
import { ActionButton } from "@/components/ui/confirm-button";
import { ROLES } from "@/lib/organizations/permissions";
import { changeMemberRoleAction, removeMemberAction } from "./actions";
import { InlineError } from "@/components/ui/inline-error";

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  role: string;
  joined: string;
  self: boolean;
}

function RoleSelect({ orgId, member, canGrantOwner }: { orgId: string; member: MemberRow; canGrantOwner: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="row" style={{ gap: "0.4rem" }}>
      <label className="visually-hidden" htmlFor={`role-${member.userId}`}>
        Role of {member.email}
      </label>
      <select
        id={`role-${member.userId}`}
        defaultValue={member.role}
        disabled={pending}
        style={{ width: "auto", minHeight: 34, padding: "0.2rem 0.5rem" }}
        onChange={(e) => {
          const role = e.target.value;
          setError(null);
          startTransition(async () => {
            const result = await changeMemberRoleAction(orgId, { userId: member.userId, role });
            if (!result.ok) {
              setError(result.formError ?? "Could not change the role.");
              e.target.value = member.role;
            }
            router.refresh();
          });
        }}
      >
        {ROLES.filter((r) => canGrantOwner || r !== "owner" || member.role === "owner").map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <InlineError message={error} />
    </span>
  );
}

export function MembersTable({
  orgId,
  members,
  canManage,
  isOwner,
}: {
  orgId: string;
  members: MemberRow[];
  canManage: boolean;
  isOwner: boolean;
}) {
  const router = useRouter();
  return (
    <DataTable columns={["Member", "Role", "Joined", { label: "Actions", hidden: true }]}>
      {members.map((m) => (
        <tr key={m.userId}>
          <td>
            <strong>{m.name}</strong> {m.self && <span className="badge">you</span>}
            <div className="small muted">{m.email}</div>
          </td>
          <td>
            {canManage && !m.self ? (
              <RoleSelect orgId={orgId} member={m} canGrantOwner={isOwner} />
            ) : (
              <span className="badge badge-primary">{m.role}</span>
            )}
          </td>
          <td className="small muted">{m.joined}</td>
          <td style={{ textAlign: "right" }}>
            {(canManage || m.self) && (
              <ActionButton
                run={() => removeMemberAction(orgId, { userId: m.userId })}
                pendingText={m.self ? "Leaving…" : "Removing…"}
                confirm={m.self ? "Leave this organization?" : `Remove ${m.email} from this organization?`}
                onDone={() => (m.self ? router.push("/organizations") : router.refresh())}
                label={m.self ? "Leave organization" : `Remove ${m.email}`}
              >
                {m.self ? "Leave" : "Remove"}
              </ActionButton>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
