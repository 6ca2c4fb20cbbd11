import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CopyValue } from "@/components/ui/copy-value";
import { loadOrgPage } from "@/lib/auth/org-page";
import { formatDateTime } from "@/lib/format";
import { stepUpOpen } from "@/lib/mfa/form-step-up";
import { listConnections, type ConnectionView } from "@/lib/sso/connections";
import { listDomains } from "@/lib/sso/domains";
import {
  addDomainAction,
  createOidcConnectionAction,
  createSamlConnectionAction,
  deleteConnectionAction,
  removeDomainAction,
  setConnectionEnforcedAction,
  updateConnectionSettingsAction,
  verifyDomainAction,
} from "./actions";
import {
  AddOidcConnectionForm,
  AddSamlConnectionForm,
  ConnectionSettingsForm,
  DeleteConnectionForm,
  EnforcementForm,
} from "./connection-forms";
import { AddDomainForm, DomainsList } from "./domain-forms";

export const metadata: Metadata = { title: "Single sign-on" };

const NOTICES: Record<string, string> = {
  "domain-removed": "The domain was removed. People there no longer sign in through your identity provider.",
  "connection-deleted": "The connection was deleted. Nobody signs in through it any more.",
};

const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

type SamlView = Extract<ConnectionView, { acsUrl: string }>;
type OidcView = Exclude<ConnectionView, SamlView>;
/** The connection as one of its two shapes (the view's `type` is not a literal). */
const shapeOf = (c: ConnectionView): { kind: "saml"; c: SamlView } | { kind: "oidc"; c: OidcView } =>
  "acsUrl" in c ? { kind: "saml", c } : { kind: "oidc", c };

/** How the page names a connection: its protocol and the identity provider's host. */
function connectionName(view: ConnectionView): string {
  const shape = shapeOf(view);
  const where = shape.kind === "saml" ? (shape.c.idpSsoUrl ?? shape.c.idpEntityId) : shape.c.issuer;
  let host = where ?? "";
  try {
    host = new URL(where ?? "").host || host;
  } catch {
    // An entity id need not be a URL: shown as it is.
  }
  return `${shape.kind === "saml" ? "SAML" : "OpenID Connect"} connection to ${host}`;
}

/**
 * An organization's enterprise single sign-on (API.md, "Enterprise single sign-on"): the email
 * domains it claims, the identity-provider connections, and whether sign-in through them is
 * enforced. Owners change it; admins read it (lib/sso checks both, and the step-up).
 */
export default async function SingleSignOnPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgId } = await params;
  const search = await searchParams;
  const { principal, access, can } = await loadOrgPage(orgId, `/organizations/${orgId}/sso`);
  // Admins and owners, as the routes' GET.
  if (!can("organization", "update")) notFound();
  const org = access.organization.id;
  const ref = { orgId: org };
  const [{ items: domains }, { items: connections }] = await Promise.all([listDomains(principal, ref), listConnections(principal, ref)]);
  const owner = access.role === "owner";
  const here = `/organizations/${org}/sso`;
  const windowOpen = stepUpOpen(principal);
  const verifiedDomains = domains.filter((d) => d.status === "verified").map((d) => d.domain);
  // The sign-in page starts at the organization's enforced connection, else its oldest.
  const signInConnection = connections.find((c) => c.enforced) ?? connections[0];
  const created = one(search.created);
  const notice = NOTICES[one(search.notice) ?? ""];
  // A test signs in through that very connection (the start takes its id), used for sign-in or not.
  const testHref = (connectionId: string) =>
    `/api/auth/sso/start?connection=${encodeURIComponent(connectionId)}&returnTo=${encodeURIComponent(here)}`;
  // Bound here, once per request, never in the client forms (webhooks/[id]/endpoint-forms.tsx says why).
  const bound = owner
    ? {
        addDomain: addDomainAction.bind(null, org),
        verifyDomain: verifyDomainAction.bind(null, org),
        removeDomain: removeDomainAction.bind(null, org),
        createSaml: createSamlConnectionAction.bind(null, org),
        createOidc: createOidcConnectionAction.bind(null, org),
        settings: updateConnectionSettingsAction.bind(null, org),
        enforce: setConnectionEnforcedAction.bind(null, org),
        delete: deleteConnectionAction.bind(null, org),
      }
    : null;

  return (
    <div className="stack">
      <section className="card" aria-labelledby="sso-heading">
        <h2 id="sso-heading">Single sign-on</h2>
        <p className="small muted">
          Your people sign in through your organization&apos;s identity provider (Okta, Entra ID, Google Workspace…), over SAML 2.0 or
          OpenID Connect. Their first sign-in creates their account here and adds them to {access.organization.name}.
        </p>
        <ol className="small" style={{ margin: 0, paddingLeft: "1.25rem" }}>
          <li>Add the email domains your people use, and verify each with a DNS TXT record.</li>
          <li>Add a connection to your identity provider, and give it the values this page shows.</li>
          <li>Test the sign-in.</li>
          <li>Optionally enforce it: people at your domains then sign in through the identity provider only.</li>
        </ol>
        {!owner && (
          <p className="small alert alert-info" style={{ marginBottom: 0 }}>
            Only the organization&apos;s owners change single sign-on. You can see how it is set up.
          </p>
        )}
        {notice && (
          <div className="alert alert-success" role="status" style={{ marginBottom: 0 }}>
            {notice}
          </div>
        )}
      </section>

      <div className="grid-2">
        <section className="card" aria-labelledby="domains-heading">
          <h2 id="domains-heading">Domains</h2>
          <p className="small muted">
            Only addresses at a verified domain sign in through your identity provider. A domain is verified by one organization at most;
            public mail domains (gmail.com and the like) cannot be claimed.
          </p>
          <DomainsList
            verify={bound?.verifyDomain}
            remove={bound?.removeDomain}
            domains={domains.map((d) => ({
              id: d.id,
              domain: d.domain,
              status: d.status,
              recordName: d.verification.name,
              recordValue: d.verification.value,
              added: formatDateTime(d.createdAt),
              verified: d.verifiedAt ? formatDateTime(d.verifiedAt) : null,
            }))}
          />
          {bound && (
            <div style={{ marginTop: "1.25rem" }}>
              <h3>Add a domain</h3>
              <AddDomainForm action={bound.addDomain} />
            </div>
          )}
        </section>

        {bound && (
          <section className="card" aria-labelledby="add-connection-heading">
            <h2 id="add-connection-heading">Add a connection</h2>
            <p className="small muted">
              Choose how your identity provider speaks. An organization can have up to 5 connections; sign-in uses the enforced one, else
              the oldest.
            </p>
            <div className="stack">
              <AddSamlConnectionForm action={bound.createSaml} stepUpOpen={windowOpen} />
              <AddOidcConnectionForm action={bound.createOidc} stepUpOpen={windowOpen} />
            </div>
          </section>
        )}
      </div>

      <section className="card" aria-labelledby="connections-heading">
        <h2 id="connections-heading">Connections</h2>
        {connections.length === 0 ? (
          <p className="empty">No connections yet.</p>
        ) : (
          <div className="stack">
            {connections.map((c) => {
              const shape = shapeOf(c);
              const name = connectionName(c);
              const headingId = `connection-${c.id}-heading`;
              const usedForSignIn = c.id === signInConnection?.id;
              return (
                <article key={c.id} id={`connection-${c.id}`} aria-labelledby={headingId} className="sso-connection">
                  <div className="row-between">
                    <h3 id={headingId} style={{ margin: 0, overflowWrap: "anywhere" }}>
                      {name}
                    </h3>
                    <span>
                      {c.enforced ? <span className="badge badge-primary">Enforced</span> : <span className="badge">Not enforced</span>}
                      {connections.length > 1 && usedForSignIn && <span className="badge badge-success"> Used for sign-in</span>}
                    </span>
                  </div>
                  {created === c.id && (
                    <div className="alert alert-success" role="status" style={{ marginTop: "0.75rem" }}>
                      Connection added. Give your identity provider the values below, then test the sign-in.
                    </div>
                  )}
                  <dl className="facts" style={{ marginTop: "0.75rem" }}>
                    {shape.kind === "saml" ? (
                      <>
                        <dt>IdP entity ID</dt>
                        <dd className="mono small" style={{ overflowWrap: "anywhere" }}>
                          {shape.c.idpEntityId}
                        </dd>
                        <dt>IdP SSO URL</dt>
                        <dd className="mono small" style={{ overflowWrap: "anywhere" }}>
                          {shape.c.idpSsoUrl}
                        </dd>
                        <dt>Signing certificates</dt>
                        <dd className="small">
                          {shape.c.idpCertificates.map((cert, i) => (
                            <div key={i} style={{ overflowWrap: "anywhere" }}>
                              <span className="mono">{cert.sha256 ?? "unreadable"}</span>
                              {cert.notAfter ? ` · valid until ${formatDateTime(cert.notAfter)}` : ""}
                            </div>
                          ))}
                        </dd>
                      </>
                    ) : (
                      <>
                        <dt>Issuer</dt>
                        <dd className="mono small" style={{ overflowWrap: "anywhere" }}>
                          {shape.c.issuer}
                        </dd>
                        <dt>Client ID</dt>
                        <dd className="mono small" style={{ overflowWrap: "anywhere" }}>
                          {shape.c.clientId}
                        </dd>
                        <dt>Client secret</dt>
                        <dd className="small">Stored encrypted, never shown</dd>
                      </>
                    )}
                    <dt>Default role</dt>
                    <dd>{c.defaultRole}</dd>
                    <dt>IdP enforces MFA</dt>
                    <dd>{c.idpEnforcesMfa ? "Yes" : "No"}</dd>
                    <dt>Added</dt>
                    <dd className="small">{formatDateTime(c.createdAt)}</dd>
                  </dl>

                  <h4>Give these to your identity provider</h4>
                  {shape.kind === "saml" ? (
                    <div className="stack">
                      <CopyValue
                        label="SP entity ID (audience)"
                        value={shape.c.spEntityId}
                        testId="sp-entity-id"
                        hint="Also called the audience URI or identifier."
                      />
                      <CopyValue
                        label="ACS URL"
                        value={shape.c.acsUrl}
                        testId="acs-url"
                        hint="Assertion consumer service (reply) URL, HTTP-POST binding. Sign the assertion or the response with RSA-SHA256."
                      />
                      <CopyValue
                        label="SP metadata URL"
                        value={shape.c.spMetadataUrl}
                        testId="sp-metadata-url"
                        hint="If your identity provider reads the settings from a metadata URL."
                      />
                    </div>
                  ) : (
                    <CopyValue
                      label="Redirect URI"
                      value={shape.c.redirectUri}
                      testId="redirect-uri"
                      hint="Register it with the client at your identity provider; ask for the openid and email scopes."
                    />
                  )}

                  <h4>Test</h4>
                  <p className="small muted">
                    Opens your identity provider&apos;s sign-in through this connection. Signing in there signs this browser in as that
                    person, so use a private window to stay signed in here.
                    {!usedForSignIn && " People signing in go through the connection marked “Used for sign-in”, not this one."}
                  </p>
                  <p>
                    <a className="btn btn-secondary" href={testHref(c.id)}>
                      Test sign-in
                    </a>
                  </p>

                  {bound && (
                    <div className="grid-2">
                      <div>
                        <h4>Settings</h4>
                        <ConnectionSettingsForm
                          action={bound.settings}
                          id={c.id}
                          name={name}
                          defaults={{ defaultRole: c.defaultRole, idpEnforcesMfa: c.idpEnforcesMfa }}
                          stepUpOpen={windowOpen}
                        />
                      </div>
                      <div>
                        <h4>Enforcement</h4>
                        <EnforcementForm
                          action={bound.enforce}
                          id={c.id}
                          name={name}
                          enforced={c.enforced}
                          verifiedDomains={verifiedDomains}
                          stepUpOpen={windowOpen}
                          here={here}
                        />
                      </div>
                    </div>
                  )}
                  {bound && (
                    <div style={{ marginTop: "1rem" }}>
                      <DeleteConnectionForm action={bound.delete} id={c.id} name={name} enforced={c.enforced} stepUpOpen={windowOpen} />
                    </div>
                  )}
                </article>
              );
            })}
          </div>
        )}
        {!owner && connections.length === 0 && <p className="small muted">An owner adds connections.</p>}
        {can("audit_log", "read") && (
          <p className="small muted" style={{ marginBottom: 0 }}>
            Sign-ins through your identity provider, owners&apos; break-glass password sign-ins and every change here are in the{" "}
            <Link href={`/organizations/${org}/audit-log`}>audit log</Link>.
          </p>
        )}
      </section>
    </div>
  );
}
