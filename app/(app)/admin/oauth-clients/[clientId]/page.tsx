import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { loadAdminPage } from "@/lib/auth/admin-page";
import { formatDateTime } from "@/lib/format";
import { ApiError } from "@/lib/http/errors";
import { getOAuthClient } from "@/lib/oauth/clients";
import { AdminGate, AdminHeader } from "../../admin-chrome";
import { ClientKind } from "../client-kind";
import { EditClientForm } from "./edit-client-form";
import { DeleteClient, RotateClientSecret } from "./secret-forms";

export const metadata: Metadata = { title: "OAuth client · Administration" };

/** One client as an instance admin sees it (GET /api/admin/oauth-clients/{clientId}), with its edit, secret and delete forms. */
export default async function AdminOAuthClientPage({ params }: { params: Promise<{ clientId: string }> }) {
  const { clientId } = await params;
  const access = await loadAdminPage();
  if (access.blocked) return <AdminGate blocked={access.blocked} back={`/admin/oauth-clients/${encodeURIComponent(clientId)}`} />;
  const client = await getOAuthClient(clientId).catch((error: unknown) => {
    if (error instanceof ApiError && error.code === "not_found") notFound();
    throw error;
  });

  return (
    <>
      <AdminHeader title={client.name}>
        <p className="muted">
          <ClientKind type={client.type} /> {client.firstParty && <span className="badge badge-success">first-party</span>}
        </p>
      </AdminHeader>
      <div className="stack">
        <p style={{ margin: 0 }}>
          <Link href="/admin/oauth-clients">← All OAuth clients</Link>
        </p>
        <section className="card" aria-labelledby="client-heading">
          <h2 id="client-heading">Client</h2>
          <dl className="facts">
            <dt>Client id</dt>
            <dd className="mono small">{client.id}</dd>
            <dt>Type</dt>
            <dd>{client.type === "confidential" ? "Confidential: has a secret" : "Public: PKCE only, no secret"}</dd>
            <dt>Redirect URIs</dt>
            <dd className="mono small" style={{ overflowWrap: "anywhere" }}>
              {client.redirectUris.map((uri) => (
                <div key={uri}>{uri}</div>
              ))}
            </dd>
            <dt>Allowed scopes</dt>
            <dd className="mono small">{client.scopes.join(" ")}</dd>
            <dt>ID token signature</dt>
            <dd className="mono small">{client.idTokenSigningAlg}</dd>
            <dt>Created</dt>
            <dd className="small">{formatDateTime(client.createdAt)}</dd>
            <dt>Last changed</dt>
            <dd className="small">{formatDateTime(client.updatedAt)}</dd>
            {client.type === "confidential" && (
              <>
                <dt>Secret rotated</dt>
                <dd className="small">{client.secretRotatedAt ? formatDateTime(client.secretRotatedAt) : "Never"}</dd>
              </>
            )}
          </dl>
        </section>

        <div className="grid-2">
          <section className="card" aria-labelledby="edit-heading">
            <h2 id="edit-heading">Edit client</h2>
            <EditClientForm client={client} />
          </section>
          <div className="stack">
            {client.type === "confidential" && (
              <section className="card" aria-labelledby="secret-heading">
                <h2 id="secret-heading">Client secret</h2>
                <p className="small muted">
                  Only a hash of the secret is kept, so it cannot be shown again. Rotate it if it was lost or may have leaked.
                </p>
                <RotateClientSecret clientId={client.id} />
              </section>
            )}
            <section className="card" aria-labelledby="delete-heading">
              <h2 id="delete-heading">Delete client</h2>
              <DeleteClient clientId={client.id} name={client.name} />
            </section>
          </div>
        </div>
      </div>
    </>
  );
}
