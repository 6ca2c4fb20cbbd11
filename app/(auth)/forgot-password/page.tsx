import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "./forgot-form";

export const metadata: Metadata = { title: "Forgot your password?" };

export default async function ForgotPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { email, expired } = await searchParams;
  return (
    <section className="card">
      <h1>Forgot your password?</h1>
      {expired ? (
        <div className="alert alert-error" role="alert" style={{ marginBottom: "1rem" }}>
          That reset link is invalid, was already used or has expired. Request a new one below.
        </div>
      ) : (
        <p className="muted">Enter the email address of your account and we will send you a link to choose a new password.</p>
      )}
      <ForgotPasswordForm email={email} />
      <p className="auth-footer">
        Remembered it? <Link href="/login">Back to sign in</Link>
      </p>
    </section>
  );
}
