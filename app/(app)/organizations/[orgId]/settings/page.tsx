import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { loadOrgPage } from "@/lib/auth/org-page";
import { DeleteOrganizationForm, OrganizationSettingsForm } from "./settings-forms";

export const metadata: Metadata = { title: "Organization settings" };

export default async function OrganizationSettingsPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const { access, can } = await loadOrgPage(orgId, `/organizations/${orgId}/settings`);
  if (!can("organization", "update")) notFound();
  const { id, name, slug } = access.organization;
  return (
    <div className="grid-2">
      <section className="card" aria-labelledby="settings-heading">
        <h2 id="settings-heading">Settings</h2>
        <OrganizationSettingsForm orgId={id} name={name} slug={slug} />
      </section>
      {can("organization", "delete") && (
        <section className="card" aria-labelledby="danger-heading">
          <h2 id="danger-heading">Delete organization</h2>
          <p className="small muted">Removes the organization for every member, with its invitations, API keys and audit log.</p>
          <DeleteOrganizationForm orgId={id} name={name} />
        </section>
      )}
    </div>
  );
}
