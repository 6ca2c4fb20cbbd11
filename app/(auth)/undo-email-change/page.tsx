import type { Metadata } from "next";
import Link from "next/link";
import { linkTokenFromCookie, UNDO_EMAIL_CHANGE_LINK } from "../link-token";
import { UndoEmailChangeForm } from "./undo-form";

export const metadata: Metadata = { title: "Undo an email change" };

// Opening the link changes nothing (mail scanners open links): the button posts the token, which
// the link's redirect moved from the URL into a cookie (./[token]/route.ts).
export default async function UndoEmailChangePage() {
  const token = await linkTokenFromCookie(UNDO_EMAIL_CHANGE_LINK);
  return (
    <section className="card">
      <h1>Undo the email change</h1>
      {token ? (
        <>
          <p className="muted">
            This puts your old email address back on your account, signs out every device and cancels pending changes. Then reset your
            password: whoever changed the address may know it.
          </p>
          <UndoEmailChangeForm token={token} />
        </>
      ) : (
        <>
          <div className="alert alert-error" role="alert" style={{ marginBottom: "1rem" }}>
            This link is invalid, was already used or has expired. Open it again from the email.
          </div>
          <Link className="btn btn-primary" href="/forgot-password">
            Reset your password
          </Link>
        </>
      )}
    </section>
  );
}
