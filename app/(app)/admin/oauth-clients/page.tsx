import type { Metadata } from "next";
import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { loadAdminPage } from "@/lib/auth/admin-page";
import { formatDateTime } from "@/lib/format";
import { listOAuthClients } from "@/lib/oauth/clients";
import { AdminGate, AdminHeader } from "../admin-chrome";
import { ClientKind } from "./client-kind";
import { CreateClientForm } from "./create-client-form";

export const metadata: Metadata = { title: "OAuth clients · Administration" };

/** The applications that sign people in through this instance (GET /api/admin/oauth-clients), and a form to register one. */
export default async function AdminOAuthClientsPage({ searchParams }: { searchParams: Promise<{ deleted?: string | string[] }> }) {
  const access = await loadAdminPage();
  if (access.blocked) return <AdminGate blocked={access.blocked} back="/admin/oauth-clients" />;
  const { items } = await listOAuthClients();
  const { deleted } = await searchParams;

  return (
    <>
      <AdminHeader title="OAuth clients">
        <p className="muted">
          The applications that sign people in through this instance (it is their OpenID Provider), oldest first. Times in UTC.
        </p>
      </AdminHeader>
      <div className="stack">
        {deleted === "1" && (
          <div className="alert alert-success" role="status">
            The client was deleted: its tokens and grants stop working. The audit log keeps its entries.
          </div>
        )}
        <section className="card" aria-labelledby="clients-heading">
          <h2 id="clients-heading">Registered clients</h2>
          {items.length === 0 ? (
            <p className="empty">No clients yet.</p>
          ) : (
            <DataTable
              caption="OAuth clients"
              columns={["Name", "Client id", "Type", "First-party", "Redirect URIs", "Scopes", "ID tokens", "Created"]}
            >
              {items.map((c) => (
                <tr key={c.id}>
                  <td style={{ overflowWrap: "anywhere" }}>
                    <Link href={`/admin/oauth-clients/${c.id}`}>{c.name}</Link>
                  </td>
                  <td className="mono small">{c.id}</td>
                  <td>
                    <ClientKind type={c.type} />
                  </td>
                  <td>{c.firstParty ? "Yes" : "No"}</td>
                  <td className="mono small" style={{ overflowWrap: "anywhere" }}>
                    {c.redirectUris.map((uri) => (
                      <div key={uri}>{uri}</div>
                    ))}
                  </td>
                  <td className="mono small">{c.scopes.join(" ")}</td>
                  <td className="mono small">{c.idTokenSigningAlg}</td>
                  <td className="small">{formatDateTime(c.createdAt)}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>
        <section className="card" aria-labelledby="register-heading">
          <h2 id="register-heading">Register a client</h2>
          <p className="small muted">
            A confidential client&apos;s secret is shown once, right after it is registered. Every change is recorded in the instance&apos;s
            audit log.
          </p>
          <CreateClientForm />
        </section>
      </div>
    </>
  );
}
