import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/page-session";
import { listMyOrganizations } from "@/lib/organizations/organizations";
import { CreateOrganizationForm } from "./create-organization-form";

export const metadata: Metadata = { title: "Organizations" };

export default async function OrganizationsPage() {
  const principal = await requirePageUser("/organizations");
  const organizations = await listMyOrganizations(principal);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Organizations</h1>
          <p className="muted">Organizations you belong to. Switch between them from the header.</p>
        </div>
      </div>
      <div className="grid-2">
        <section className="card" aria-labelledby="orgs-heading">
          <h2 id="orgs-heading">Your organizations</h2>
          {organizations.length === 0 ? (
            <p className="empty">You do not belong to any organization yet.</p>
          ) : (
            <ul className="list" aria-label="Your organizations">
              {organizations.map((o) => (
                <li key={o.id} className="row-between">
                  <div>
                    <Link href={`/organizations/${o.id}`}>
                      <strong>{o.name}</strong>
                    </Link>{" "}
                    {o.active && <span className="badge badge-success">Active</span>}
                    <div className="small muted mono">{o.slug}</div>
                  </div>
                  <span className="badge badge-primary">{o.role}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="create-org-heading">
          <h2 id="create-org-heading">Create an organization</h2>
          <CreateOrganizationForm />
        </section>
      </div>
    </>
  );
}
