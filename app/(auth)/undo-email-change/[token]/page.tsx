import type { Metadata } from "next";
import { UndoEmailChangeForm } from "./undo-form";

export const metadata: Metadata = { title: "Undo an email change" };

// Opening the link changes nothing (mail scanners open links): the button posts the token.
export default async function UndoEmailChangePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <section className="card">
      <h1>Undo the email change</h1>
      <p className="muted">
        This puts your old email address back on your account, signs out every device and cancels pending changes.
        Then reset your password: whoever changed the address may know it.
      </p>
      <UndoEmailChangeForm token={token} />
    </section>
  );
}
