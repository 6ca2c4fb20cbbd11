import Link from "next/link";
import { AdminProofForms } from "./proof-forms";
import type { ReactNode } from "react";
import { NavLink } from "@/components/layout/nav-link";

// What every /admin page shows around its content. No layout.tsx on purpose: a layout renders
// beside its page, not before it, so each page checks the admin itself (lib/auth/admin-page.ts)
// and a refused visitor's 404 carries none of this.

export function AdminHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <>
      <div className="page-header">
        <div>
          <p className="small muted" style={{ margin: 0 }}>
            Instance administration
          </p>
          <h1 style={{ overflowWrap: "anywhere" }}>{title}</h1>
          {children}
        </div>
      </div>
      <nav className="subnav" aria-label="Administration">
        <NavLink href="/admin" section="/admin/users">
          Users
        </NavLink>
        <NavLink href="/admin/oauth-clients">OAuth clients</NavLink>
      </nav>
    </>
  );
}

/**
 * An admin the page cannot serve yet: no second factor on the account (`enrol`), or a session that
 * did not use it (`raise`). `back` is the page to return to once the session has used it.
 */
export function AdminGate({ blocked, back }: { blocked: "enrol" | "raise" | "prove"; back: string }) {
  return (
    <section className="card" style={{ maxWidth: 560 }} aria-labelledby="admin-gate-heading">
      <p className="small muted" style={{ margin: 0 }}>
        Instance administration
      </p>
      {blocked === "prove" ? (
        <>
          <h1 id="admin-gate-heading">Confirm your address</h1>
          <p>
            This instance names your address as an administrator&apos;s. Before that gives your account administrator access, confirm that
            you read that mailbox: we email you a code, and you type it here.
          </p>
          <AdminProofForms />
        </>
      ) : blocked === "enrol" ? (
        <>
          <h1 id="admin-gate-heading">Add a second factor first</h1>
          <p>
            Your account is an instance administrator, but it has no second factor yet. Administration needs one, so that a stolen password
            alone cannot reach it.
          </p>
          <p>
            Add an authenticator app or a passkey on your profile. Your administrator access works as soon as it is on: the session that
            adds it has used it.
          </p>
          <p>
            <Link className="btn btn-primary" href="/profile#security">
              Add a second factor
            </Link>
          </p>
        </>
      ) : (
        <>
          <h1 id="admin-gate-heading">Sign in with your second factor</h1>
          <p>
            This session was opened with your password alone. Administration needs a session that used your second factor: sign in again
            with it, or confirm this session with a code from your authenticator app or your passkey now.
          </p>
          <p>
            <Link className="btn btn-primary" href={`/profile/two-factor?callbackUrl=${encodeURIComponent(back)}`}>
              Confirm with your second factor
            </Link>
          </p>
        </>
      )}
    </section>
  );
}
