import type { Metadata } from "next";
import { loadOrgPage } from "@/lib/auth/org-page";
import { formatDateTime } from "@/lib/format";
import { listMembers } from "@/lib/organizations/members";
import { MembersTable } from "./members-table";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const { principal, access, can } = await loadOrgPage(orgId, `/organizations/${orgId}`);
  const members = await listMembers(principal, { orgId: access.organization.id });
  return (
    <section className="card" aria-labelledby="members-heading">
      <div className="card-header">
        <div>
          <h2 id="members-heading">Members</h2>
          <p className="small muted">{members.length === 1 ? "1 person" : `${members.length} people`} in this organization.</p>
        </div>
      </div>
      <MembersTable
        orgId={access.organization.id}
        canManage={can("members", "update")}
        isOwner={access.role === "owner"}
        members={members.map((m) => ({
          userId: m.userId,
          name: m.name,
          email: m.email,
          role: m.role,
          joined: formatDateTime(m.joinedAt),
          self: m.userId === principal.userId,
        }))}
      />
    </section>
  );
}
