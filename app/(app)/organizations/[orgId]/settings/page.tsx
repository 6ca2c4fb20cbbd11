import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { loadOrgPage } from "@/lib/auth/org-page";
import { stepUpOpen } from "@/lib/mfa/form-step-up";
import { deleteOrganizationAction, updateOrganizationAction } from "../actions";
import { setMfaPolicyAction } from "./mfa-policy-actions";
import { MfaPolicyForm } from "./mfa-policy-form";
import { DeleteOrganizationForm, OrganizationSettingsForm } from "./settings-forms";

export const metadata: Metadata = { title: "Organization settings" };

export default async function OrganizationSettingsPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const { access, can, principal } = await loadOrgPage(orgId, `/organizations/${orgId}/settings`);
  if (!can("organization", "update")) notFound();
  const { id, name, slug, requireMfa } = access.organization;
  return (
    <div className="grid-2">
      <section className="card" aria-labelledby="settings-heading">
        <h2 id="settings-heading">Settings</h2>
        <OrganizationSettingsForm action={updateOrganizationAction.bind(null, id)} name={name} slug={slug} />
      </section>
      {access.role === "owner" && (
        <section className="card" aria-labelledby="mfa-policy-heading">
          <h2 id="mfa-policy-heading">Two-factor authentication</h2>
          <p className="small muted">Require every member to use a second factor. Turn it on for yourself first, in your profile.</p>
          <MfaPolicyForm action={setMfaPolicyAction.bind(null, id)} requireMfa={requireMfa} stepUpOpen={stepUpOpen(principal)} />
        </section>
      )}
      {can("organization", "delete") && (
        <section className="card" aria-labelledby="danger-heading">
          <h2 id="danger-heading">Delete organization</h2>
          <p className="small muted">Removes the organization for every member, with its invitations, API keys and audit log.</p>
          <DeleteOrganizationForm action={deleteOrganizationAction.bind(null, id)} name={name} />
        </section>
      )}
    </div>
  );
}
