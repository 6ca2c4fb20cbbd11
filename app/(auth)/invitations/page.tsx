import type { Metadata } from "next";
import Link from "next/link";
import { pagePrincipal } from "@/lib/auth/page-session";
import { db, type Tx } from "@/lib/db/client";
import { ApiError } from "@/lib/http/errors";
import { findUsableInvitation } from "@/lib/invitations/redeem";
import { INVITATION_LINK, linkTokenFromCookie } from "../link-token";
import { AcceptInvitationButton } from "./accept-button";

export const metadata: Metadata = { title: "Invitation" };

async function usableInvitation(token: string) {
  try {
    return await findUsableInvitation(db() as unknown as Tx, token);
  } catch (error) {
    if (error instanceof ApiError) return null;
    throw error;
  }
}

export default async function InvitationPage() {
  // Set by the emailed link's redirect (./[token]/route.ts): the token is never in this URL, nor
  // in the sign-in or sign-up URLs below.
  const token = await linkTokenFromCookie(INVITATION_LINK);
  const invitation = token && token.length <= 512 ? await usableInvitation(token) : null;
  if (!invitation) {
    return (
      <section className="card">
        <h1>Invitation not available</h1>
        <div className="alert alert-error" role="alert" style={{ marginBottom: "1rem" }}>
          This invitation is invalid, expired, revoked or already used. Ask the person who invited you to send a new one.
        </div>
        <Link href="/profile">Go to your account</Link>
      </section>
    );
  }
  const principal = await pagePrincipal();
  const me = principal ? await db().user.findUnique({ where: { id: principal.userId }, select: { email: true } }) : null;
  const here = "/invitations";
  const org = invitation.organization.name;
  return (
    <section className="card">
      <h1>Join {org}</h1>
      <p className="muted">
        You were invited to join <strong>{org}</strong> as <span className="badge badge-primary">{invitation.role}</span>. The invitation
        was sent to <strong>{invitation.email}</strong>.
      </p>
      {me && me.email.toLowerCase() === invitation.email ? (
        <AcceptInvitationButton token={token} orgName={org} />
      ) : me ? (
        <div className="alert alert-warning" role="status">
          You are signed in as <strong>{me.email}</strong>. Sign out, then sign in as {invitation.email} to accept.
        </div>
      ) : (
        <div className="row">
          <Link
            className="btn btn-primary"
            href={`/login?callbackUrl=${encodeURIComponent(here)}&email=${encodeURIComponent(invitation.email)}`}
          >
            Sign in to accept
          </Link>
          <Link className="btn btn-secondary" href={`/signup?invitation=1&email=${encodeURIComponent(invitation.email)}`}>
            Create an account
          </Link>
        </div>
      )}
    </section>
  );
}
