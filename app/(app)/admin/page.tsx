import type { Metadata } from "next";
import Link from "next/link";
import { FieldMessage, fieldAria } from "@/components/form/field-messages";
import { DataTable } from "@/components/ui/data-table";
import { listUsers } from "@/lib/admin/users";
import { loadAdminPage } from "@/lib/auth/admin-page";
import { formatDateTime } from "@/lib/format";
import { ApiError } from "@/lib/http/errors";
import { adminUsersQuerySchema } from "@/lib/validation/admin";
import { AdminGate, AdminHeader } from "./admin-chrome";

export const metadata: Metadata = { title: "Users · Administration" };

const PAGE_SIZE = 25;
const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);
const yesNo = (value: boolean) => (value ? "Yes" : "No");

/** Every account of the instance, newest first, searched by address or name (GET /api/admin/users). */
export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await loadAdminPage();
  if (access.blocked) return <AdminGate blocked={access.blocked} back="/admin" />;

  const params = await searchParams;
  const parsed = adminUsersQuerySchema.safeParse({ query: one(params.query) || undefined, cursor: one(params.cursor), limit: PAGE_SIZE });
  const queryError = parsed.success ? undefined : (parsed.error.issues[0]?.message ?? "Shorten the search.");
  const query = parsed.success ? parsed.data.query || undefined : undefined;
  const cursor = parsed.success ? parsed.data.cursor : undefined;
  const page = parsed.success
    ? await listUsers({ query, cursor, limit: PAGE_SIZE }).catch((error: unknown) => {
        // A mangled cursor in the address bar starts over rather than failing the page.
        if (error instanceof ApiError && error.code === "validation_failed") return listUsers({ query, limit: PAGE_SIZE });
        throw error;
      })
    : null;
  const withQuery = (extra: Record<string, string>) => {
    const search = new URLSearchParams({ ...(query ? { query } : {}), ...extra }).toString();
    return search ? `/admin?${search}` : "/admin";
  };

  return (
    <>
      <AdminHeader title="Users">
        <p className="muted">Every account of this instance, newest first. Times in UTC.</p>
      </AdminHeader>
      {one(params.deleted) === "1" && (
        <div className="alert alert-success" role="status">
          The account was deleted. Its entries stay in the audit logs.
        </div>
      )}
      <section className="card" aria-labelledby="users-heading">
        <h2 id="users-heading" className="visually-hidden">
          Find a user
        </h2>
        {/* A search is a GET: it works without JavaScript and the address can be shared. */}
        <form className="form" method="get" action="/admin" role="search" aria-label="Search users">
          <div className="field">
            <label htmlFor="admin-user-query">Email or name</label>
            <FieldMessage id="admin-user-query" kind="hint">
              Any part of the address or the name, in any case.
            </FieldMessage>
            <input
              id="admin-user-query"
              name="query"
              type="search"
              defaultValue={one(params.query) ?? ""}
              autoComplete="off"
              {...fieldAria("admin-user-query", true, queryError)}
            />
            <FieldMessage id="admin-user-query" kind="error">
              {queryError}
            </FieldMessage>
          </div>
          <div className="row">
            <button type="submit" className="btn btn-primary">
              Search
            </button>
            {query && (
              <Link className="btn btn-secondary" href="/admin">
                Show everyone
              </Link>
            )}
          </div>
        </form>
      </section>
      {page && (
        <section className="card" aria-labelledby="results-heading">
          <h2 id="results-heading">{query ? `Users matching “${query}”` : "All users"}</h2>
          {page.items.length === 0 ? (
            <p className="empty">{query ? "No account matches." : "No accounts yet."}</p>
          ) : (
            <DataTable
              caption="Users"
              columns={["Email", "Name", "Confirmed", "Disabled", "Second factor", "Organizations", "Created", "Last sign-in"]}
            >
              {page.items.map((u) => (
                <tr key={u.id}>
                  <td style={{ overflowWrap: "anywhere" }}>
                    <Link href={`/admin/users/${u.id}`}>{u.email}</Link>
                  </td>
                  <td>{u.name ?? <span className="muted">—</span>}</td>
                  <td>{yesNo(u.emailVerified)}</td>
                  <td>{u.disabled ? <span className="badge badge-danger">Disabled</span> : "No"}</td>
                  <td>{u.mfaEnabled ? <span className="badge badge-success">On</span> : "Off"}</td>
                  <td>{u.organizations.length}</td>
                  <td className="small">{formatDateTime(u.createdAt)}</td>
                  <td className="small">{formatDateTime(u.lastSignInAt)}</td>
                </tr>
              ))}
            </DataTable>
          )}
          {(cursor || page.nextCursor) && (
            <nav className="row" aria-label="Result pages" style={{ marginTop: "1rem" }}>
              {cursor && (
                <Link className="btn btn-secondary btn-small" href={withQuery({})}>
                  First page
                </Link>
              )}
              {page.nextCursor && (
                <Link className="btn btn-secondary btn-small" href={withQuery({ cursor: page.nextCursor })}>
                  Next page
                </Link>
              )}
            </nav>
          )}
        </section>
      )}
    </>
  );
}
