import type { ReactNode } from "react";
import { NavLink } from "@/components/layout/nav-link";
import { loadOrgPage } from "@/lib/auth/org-page";

export default async function OrganizationLayout({ children, params }: { children: ReactNode; params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const { access, can } = await loadOrgPage(orgId, `/organizations/${orgId}`);
  const base = `/organizations/${access.organization.id}`;
  return (
    <>
      <div className="page-header">
        <div>
          <p className="small muted" style={{ margin: 0 }}>
            Organization
          </p>
          <h1>{access.organization.name}</h1>
          <p className="muted">
            <span className="mono">{access.organization.slug}</span> · your role: <span className="badge badge-primary">{access.role}</span>
          </p>
        </div>
      </div>
      <nav className="subnav" aria-label="Organization">
        <NavLink href={base} exact>
          Members
        </NavLink>
        {can("invitations", "read") && <NavLink href={`${base}/invitations`}>Invitations</NavLink>}
        {can("api_keys", "read") && <NavLink href={`${base}/api-keys`}>API keys</NavLink>}
        {can("audit_log", "read") && <NavLink href={`${base}/audit-log`}>Audit log</NavLink>}
        {can("organization", "update") && <NavLink href={`${base}/webhooks`}>Webhooks</NavLink>}
        {can("organization", "update") && <NavLink href={`${base}/sso`}>Single sign-on</NavLink>}
        {can("organization", "update") && <NavLink href={`${base}/settings`}>Settings</NavLink>}
      </nav>
      {children}
    </>
  );
}
