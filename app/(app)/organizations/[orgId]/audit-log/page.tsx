import type { Metadata } from "next";
import { DataTable } from "@/components/ui/data-table";
import Link from "next/link";
import { notFound } from "next/navigation";
import { listAuditEvents } from "@/lib/audit/list";
import { loadOrgPage } from "@/lib/auth/org-page";
import { db } from "@/lib/db/client";
import { deviceName, formatDateTime } from "@/lib/format";
import { ApiError } from "@/lib/http/errors";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditLogPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgId: string }>;
  searchParams: Promise<{ cursor?: string }>;
}) {
  const { orgId } = await params;
  const { cursor } = await searchParams;
  const { principal, access, can } = await loadOrgPage(orgId, `/organizations/${orgId}/audit-log`);
  if (!can("audit_log", "read")) notFound();
  let page;
  try {
    page = await listAuditEvents(principal, { orgId: access.organization.id }, { cursor, limit: 50 });
  } catch (error) {
    // A mangled cursor in the address bar starts over rather than failing the page.
    if (error instanceof ApiError && error.code === "validation_failed")
      page = await listAuditEvents(principal, { orgId: access.organization.id }, { limit: 50 });
    else throw error;
  }
  const base = `/organizations/${access.organization.id}/audit-log`;
  // People are shown by email; only actors of this log are looked up.
  const userIds = [...new Set(page.items.filter((e) => e.actorType === "user" && e.actorId).map((e) => e.actorId!))];
  const users = new Map(
    (await db().user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } })).map((u) => [u.id, u.email]),
  );
  return (
    <section className="card" aria-labelledby="audit-heading">
      <div className="card-header">
        <div>
          <h2 id="audit-heading">Audit log</h2>
          <p className="small muted">Security events in this organization, newest first. Times in UTC.</p>
        </div>
      </div>
      {page.items.length === 0 ? (
        <p className="empty">No events yet.</p>
      ) : (
        <DataTable columns={["When", "Event", "Actor", "From"]}>
          {page.items.map((e) => (
            <tr key={e.id}>
              <td className="small">{formatDateTime(e.createdAt)}</td>
              <td>
                <span className="badge">{e.type}</span>
              </td>
              <td className="small">
                {e.actorType === "api_key"
                  ? `API key ${e.actorId?.slice(0, 8) ?? ""}`
                  : e.actorId
                    ? (users.get(e.actorId) ?? "deleted user")
                    : "—"}
              </td>
              <td className="small muted">
                {e.ip ?? "—"}
                {e.userAgent ? ` · ${deviceName(e.userAgent)}` : ""}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <div className="row" style={{ marginTop: "1rem" }}>
        {cursor && (
          <Link className="btn btn-secondary btn-small" href={base}>
            Newest
          </Link>
        )}
        {page.nextCursor && (
          <Link className="btn btn-secondary btn-small" href={`${base}?cursor=${encodeURIComponent(page.nextCursor)}`}>
            Older events
          </Link>
        )}
      </div>
    </section>
  );
}
