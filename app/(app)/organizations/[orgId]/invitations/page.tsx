import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { loadOrgPage } from "@/lib/auth/org-page";
import { formatDateTime } from "@/lib/format";
import { listInvitations } from "@/lib/invitations/invitations";
import { createInvitationAction } from "../actions";
import { InvitationsList } from "./invitations-list";
import { InviteForm } from "./invite-form";

export const metadata: Metadata = { title: "Invitations" };

export default async function InvitationsPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const { principal, access, can } = await loadOrgPage(orgId, `/organizations/${orgId}/invitations`);
  if (!can("invitations", "read")) notFound();
  const invitations = await listInvitations(principal, { orgId: access.organization.id });
  return (
    <div className="grid-2">
      {can("invitations", "create") && (
        <section className="card" aria-labelledby="invite-heading">
          <h2 id="invite-heading">Invite someone</h2>
          <p className="small muted">They get an email with a link that is valid for 7 days.</p>
          <InviteForm action={createInvitationAction.bind(null, access.organization.id)} canInviteOwner={access.role === "owner"} />
        </section>
      )}
      <section className="card" aria-labelledby="invitations-heading">
        <h2 id="invitations-heading">Invitations</h2>
        <InvitationsList
          orgId={access.organization.id}
          canRevoke={can("invitations", "delete")}
          invitations={invitations.map((i) => ({
            id: i.id,
            email: i.email,
            role: i.role,
            status: i.status,
            expires: formatDateTime(i.expiresAt),
          }))}
        />
      </section>
    </div>
  );
}
