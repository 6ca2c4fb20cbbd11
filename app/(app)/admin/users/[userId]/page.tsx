import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DataTable } from "@/components/ui/data-table";
import { adminStanding } from "@/lib/admin/access";
import { recentEventsOfUser } from "@/lib/admin/audit";
import { getUser } from "@/lib/admin/users";
import { loadAdminPage } from "@/lib/auth/admin-page";
import { PROVIDER_NAMES } from "@/lib/auth/linked-accounts";
import { deviceName, formatDateTime } from "@/lib/format";
import { ApiError } from "@/lib/http/errors";
import { AdminGate, AdminHeader } from "../../admin-chrome";
import {
  deleteUserAction,
  disableUserAction,
  enableUserAction,
  impersonateUserAction,
  resetSecondFactorAction,
  revokeSessionsAction,
} from "./actions";
import { AccountStateForms, DeleteUserForm, ImpersonateForm, ResetSecondFactorForm, SignOutEverywhereForm } from "./user-actions";

export const metadata: Metadata = { title: "User · Administration" };

/** One account as an instance admin sees it (GET /api/admin/users/{userId}), with what can be done to it. */
export default async function AdminUserPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  const here = `/admin/users/${encodeURIComponent(userId)}`;
  const access = await loadAdminPage();
  if (access.blocked) return <AdminGate blocked={access.blocked} back={here} />;

  const user = await getUser(userId).catch((error: unknown) => {
    if (error instanceof ApiError && error.code === "not_found") notFound();
    throw error;
  });
  const events = await recentEventsOfUser(user.id);
  const self = user.id === access.admin.userId;
  const hasFactor = Boolean(user.factors.totp) || user.factors.passkeys.length > 0;
  // Bound here, once per request, never in the client forms (user-actions.tsx says why).
  const bound = {
    disable: disableUserAction.bind(null, user.id),
    enable: enableUserAction.bind(null, user.id),
    revoke: revokeSessionsAction.bind(null, user.id),
    reset: resetSecondFactorAction.bind(null, user.id),
    impersonate: impersonateUserAction.bind(null, user.id),
    delete: deleteUserAction.bind(null, user.id),
  };
  // Admins cannot be impersonated (one admin must not borrow another's powers).
  const isAdmin = (await adminStanding(user.id)) !== "none";

  return (
    <>
      <AdminHeader title={user.email}>
        <p className="muted">
          {user.name ?? "No name"} ·{" "}
          {user.disabled ? <span className="badge badge-danger">Disabled</span> : <span className="badge badge-success">Active</span>}
          {self && (
            <>
              {" "}
              <span className="badge">you</span>
            </>
          )}
        </p>
      </AdminHeader>
      <div className="stack">
        <p style={{ margin: 0 }}>
          <Link href="/admin">← All users</Link>
        </p>

        <div className="grid-2">
          <section className="card" aria-labelledby="profile-heading">
            <h2 id="profile-heading">Profile</h2>
            <dl className="facts">
              <dt>Email</dt>
              <dd>
                {user.email}{" "}
                {user.emailVerified ? <span className="badge badge-success">confirmed</span> : <span className="badge">not confirmed</span>}
              </dd>
              <dt>Name</dt>
              <dd>{user.name ?? "—"}</dd>
              <dt>First and last name</dt>
              <dd>{[user.firstName, user.lastName].filter(Boolean).join(" ") || "—"}</dd>
              <dt>Created</dt>
              <dd className="small">{formatDateTime(user.createdAt)}</dd>
              <dt>Linked providers</dt>
              <dd>{user.providers.length ? user.providers.map((p) => PROVIDER_NAMES[p] ?? p).join(", ") : "None"}</dd>
              <dt>User id</dt>
              <dd className="mono small">{user.id}</dd>
            </dl>
          </section>

          <section className="card" aria-labelledby="state-heading">
            <h2 id="state-heading">State</h2>
            <dl className="facts">
              <dt>Sign-in</dt>
              <dd>
                {user.disabled ? (
                  <span className="badge badge-danger">Disabled</span>
                ) : (
                  <span className="badge badge-success">Allowed</span>
                )}
              </dd>
              {user.disabled && (
                <>
                  <dt>Disabled</dt>
                  <dd className="small">{formatDateTime(user.disabledAt)}</dd>
                  <dt>Reason</dt>
                  <dd>{user.disabledReason ?? "—"}</dd>
                </>
              )}
            </dl>
            {self ? (
              <p className="small muted">This is your own account: it cannot be disabled from here.</p>
            ) : (
              <AccountStateForms disable={bound.disable} enable={bound.enable} disabled={user.disabled} email={user.email} here={here} />
            )}
          </section>
        </div>

        <section className="card" aria-labelledby="sessions-heading">
          <h2 id="sessions-heading">Sessions</h2>
          <p className="small muted">Sessions still open, most recently used first. Times in UTC.</p>
          {user.sessions.length === 0 ? (
            <p className="empty">No open sessions.</p>
          ) : (
            <DataTable caption="Open sessions" columns={["Created", "Last used", "IP address", "User agent", "Assurance"]}>
              {user.sessions.map((s) => (
                <tr key={s.id}>
                  <td className="small">{formatDateTime(s.createdAt)}</td>
                  <td className="small">{formatDateTime(s.lastUsedAt)}</td>
                  <td className="mono small">{s.ip ?? "—"}</td>
                  <td className="small">
                    {deviceName(s.userAgent)}
                    {s.userAgent && (
                      <div className="muted mono" style={{ overflowWrap: "anywhere" }}>
                        {s.userAgent}
                      </div>
                    )}
                  </td>
                  <td className="small">
                    {s.aal === "aal2" ? <span className="badge badge-success">aal2</span> : <span className="badge">aal1</span>}
                    {s.amr.length > 0 && <span className="muted"> {s.amr.join(", ")}</span>}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
          {self ? (
            <p className="small muted" style={{ marginTop: "1.25rem" }}>
              Your own sessions are on your profile.
            </p>
          ) : (
            <div style={{ marginTop: "1.25rem" }}>
              <SignOutEverywhereForm action={bound.revoke} email={user.email} here={here} />
            </div>
          )}
        </section>

        <div className="grid-2">
          <section className="card" aria-labelledby="organizations-heading">
            <h2 id="organizations-heading">Organizations</h2>
            {user.organizations.length === 0 ? (
              <p className="empty">Not a member of any organization.</p>
            ) : (
              <DataTable caption="Organizations" columns={["Organization", "Role", "Joined"]}>
                {user.organizations.map((o) => (
                  <tr key={o.id}>
                    <td>
                      {o.name}
                      <div className="small muted mono">{o.slug}</div>
                    </td>
                    <td>
                      <span className="badge badge-primary">{o.role}</span>
                    </td>
                    <td className="small">{formatDateTime(o.joinedAt)}</td>
                  </tr>
                ))}
              </DataTable>
            )}
          </section>

          <section className="card" aria-labelledby="factors-heading">
            <h2 id="factors-heading">Second factor</h2>
            <dl className="facts">
              <dt>Authenticator app</dt>
              <dd>{user.factors.totp ? `On since ${formatDateTime(user.factors.totp.enabledAt)}` : "Off"}</dd>
              <dt>Passkeys</dt>
              <dd>{user.factors.passkeys.length ? user.factors.passkeys.map((p) => p.name).join(", ") : "None"}</dd>
              <dt>Recovery codes left</dt>
              <dd>{user.factors.recoveryCodesLeft}</dd>
            </dl>
            {self ? (
              <p className="small muted">Your own factors are on your profile.</p>
            ) : (
              <ResetSecondFactorForm action={bound.reset} email={user.email} here={here} hasFactor={hasFactor} />
            )}
          </section>
        </div>

        {!self && (
          <div className="grid-2">
            <section className="card" aria-labelledby="impersonate-heading">
              <h2 id="impersonate-heading">Sign in as this person</h2>
              {isAdmin ? (
                <p className="small muted">Instance administrators cannot be impersonated.</p>
              ) : user.disabled ? (
                <p className="small muted">A disabled account cannot be signed in to: enable it first.</p>
              ) : (
                <ImpersonateForm action={bound.impersonate} email={user.email} here={here} />
              )}
            </section>
            <section className="card" aria-labelledby="delete-heading">
              <h2 id="delete-heading">Delete the account</h2>
              <DeleteUserForm action={bound.delete} email={user.email} here={here} />
            </section>
          </div>
        )}

        <section className="card" aria-labelledby="activity-heading">
          <h2 id="activity-heading">Recent activity</h2>
          <p className="small muted">
            The newest events (up to 20) this account took part in, or that are about it, from every log. Times in UTC.
          </p>
          {events.length === 0 ? (
            <p className="empty">No events yet.</p>
          ) : (
            <DataTable caption="Recent activity" columns={["When", "Event", "By", "From", "Reason"]}>
              {events.map((e) => {
                const reason = (e.metadata as { reason?: unknown } | null)?.reason;
                return (
                  <tr key={e.id}>
                    <td className="small">{formatDateTime(e.createdAt)}</td>
                    <td>
                      <span className="badge">{e.type}</span>
                    </td>
                    <td className="small" style={{ overflowWrap: "anywhere" }}>
                      {e.actorId === user.id
                        ? "this user"
                        : e.actorType === "api_key"
                          ? `API key ${e.actorId?.slice(0, 8) ?? ""}`
                          : (e.actorEmail ?? e.actorId?.slice(0, 8) ?? "—")}
                    </td>
                    <td className="small muted">
                      {e.ip ?? "—"}
                      {e.userAgent ? ` · ${deviceName(e.userAgent)}` : ""}
                    </td>
                    <td className="small" style={{ overflowWrap: "anywhere" }}>
                      {typeof reason === "string" ? reason : ""}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </section>
      </div>
    </>
  );
}
