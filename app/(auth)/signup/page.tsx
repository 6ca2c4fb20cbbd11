import type { Metadata } from "next";
import { OAuthButtons } from "@/components/auth/oauth-buttons";
import { SignUpForm } from "./signup-form";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { invitation, email } = await searchParams;
  return (
    <section className="card">
      <h1>Create your account</h1>
      <p className="muted">{invitation ? "Create an account to join the organization that invited you." : "Start with a free organization of your own."}</p>
      <SignUpForm invitationToken={invitation} email={email} />
      {!invitation && <OAuthButtons />}
    </section>
  );
}
