import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ConfirmForm } from "./confirm-form";

export const metadata: Metadata = { title: "Confirm your email" };

export default async function ConfirmPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { email, sent, token } = await searchParams;
  // A link landing here with its token goes through the same endpoint as the emailed link.
  if (token && /^[A-Za-z0-9_-]{16,256}$/.test(token)) redirect(`/api/auth/verify-email/${token}`);
  return (
    <section className="card">
      <h1>Confirm your email</h1>
      {sent ? (
        <div className="alert alert-info" role="status" style={{ marginBottom: "1rem" }}>
          We sent a 6-digit code and a link to <strong>{email}</strong>. Enter the code below, or open the link in the email.
        </div>
      ) : (
        <p className="muted">Enter the 6-digit code from the email we sent you. Codes expire after 15 minutes.</p>
      )}
      <ConfirmForm email={email} />
    </section>
  );
}
