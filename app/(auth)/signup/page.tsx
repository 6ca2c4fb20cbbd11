import type { Metadata } from "next";
import { OAuthButtons } from "@/components/auth/oauth-buttons";
import { INVITATION_LINK, linkTokenFromCookie } from "../link-token";
import { SignUpForm } from "./signup-form";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { invitation: invited, email } = await searchParams;
  // ?invitation=1 comes from the invitation page: the token itself is in its cookie (never in
  // this URL) and travels on in the form's POST body.
  const invitation = invited ? (await linkTokenFromCookie(INVITATION_LINK)) || undefined : undefined;
  return (
    <section className="card">
      <h1>Create your account</h1>
      <p className="muted">
        {invitation ? "Create an account to join the organization that invited you." : "Start with a free organization of your own."}
      </p>
      <SignUpForm invitationToken={invitation} email={email} />
      {!invitation && <OAuthButtons />}
    </section>
  );
}
