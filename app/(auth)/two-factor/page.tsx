import type { Metadata } from "next";
import Link from "next/link";
import { SecondStepForm } from "@/components/mfa/second-step-form";
import { OrPasskey } from "@/components/passkeys/passkey-sign-in";
import { readPendingSignIn, SIGN_IN_EXPIRED } from "@/lib/sign-in/pending-cookie";
import { pendingSignInHasPasskey } from "@/lib/sign-in/doors/passkey";
import { finishSignInAction } from "./actions";
import { secondStepPasskeyAction, secondStepPasskeyOptionsAction } from "./passkey-actions";

export const metadata: Metadata = { title: "Two-factor authentication" };

// The second step of a browser sign-in. The pending sign-in is in an HttpOnly cookie set by the
// password step (app/(auth)/login/actions.ts) or by OAuth (auth.ts): never in this URL.
export default async function TwoFactorPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const pending = await readPendingSignIn();
  const withPasskey = pending ? await pendingSignInHasPasskey(pending) : false;
  const method = params.method === "recovery" ? "recovery" : "totp";
  const other = new URLSearchParams({
    ...(params.callbackUrl ? { callbackUrl: params.callbackUrl } : {}),
    ...(method === "totp" ? { method: "recovery" } : {}),
  });
  return (
    <section className="card">
      <h1>Two-factor authentication</h1>
      {pending ? (
        <>
          <p className="muted">
            {method === "totp"
              ? "Enter the 6-digit code from your authenticator app to finish signing in."
              : "Enter one of your recovery codes to finish signing in."}
          </p>
          <SecondStepForm
            action={finishSignInAction}
            method={method}
            callbackUrl={params.callbackUrl}
            otherMethodHref={`/two-factor${other.size ? `?${other}` : ""}`}
            label="Second step"
            submitText="Verify and sign in"
          />
          {withPasskey && (
            <OrPasskey
              label="Use a passkey"
              callbackUrl={params.callbackUrl}
              options={secondStepPasskeyOptionsAction}
              verify={secondStepPasskeyAction}
            />
          )}
        </>
      ) : (
        <div className="alert alert-error" role="alert">
          {SIGN_IN_EXPIRED} <Link href="/login">Go to sign-in</Link>.
        </div>
      )}
    </section>
  );
}
