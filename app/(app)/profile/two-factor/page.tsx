import type { Metadata } from "next";
import { SecondStepForm } from "@/components/mfa/second-step-form";
import { requirePageUser } from "@/lib/auth/page-session";
import { config } from "@/lib/config/env";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { organizationRequiringMfa } from "@/lib/mfa/enrol-redirect";
import { OrPasskey } from "@/components/passkeys/passkey-sign-in";
import { db } from "@/lib/db/client";
import { raiseSessionAction, raiseWithPasskeyAction, raiseWithPasskeyOptionsAction } from "./actions";

export const metadata: Metadata = { title: "Confirm it is you" };

// Reached from an organization that requires two-factor authentication while this session has
// used only one factor (lib/auth/org-page.ts).
export default async function RaiseSessionPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl, config().appUrl);
  const principal = await requirePageUser(`/profile/two-factor?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  const organization = await organizationRequiringMfa(principal.userId, params.org);
  const method = params.method === "recovery" ? "recovery" : "totp";
  const hasPasskey = (await db().passkey.count({ where: { userId: principal.userId } })) > 0;
  const query = new URLSearchParams({
    ...(params.org ? { org: params.org } : {}),
    callbackUrl,
    ...(method === "totp" ? { method: "recovery" } : {}),
  });
  return (
    <section className="card" style={{ maxWidth: 480 }}>
      <h1>Confirm it is you</h1>
      <p className="muted">
        {organization ? (
          <>
            <strong>{organization.name}</strong> requires two-factor authentication: {hasPasskey ? "use your passkey or " : ""}enter a code
            from your authenticator app to open it.
          </>
        ) : (
          `${hasPasskey ? "Use your passkey or enter" : "Enter"} a code from your authenticator app to continue.`
        )}
      </p>
      <SecondStepForm
        action={raiseSessionAction}
        method={method}
        callbackUrl={callbackUrl}
        otherMethodHref={`/profile/two-factor?${query}`}
        label="Confirm with a code"
        submitText="Continue"
      />
      {hasPasskey && (
        <OrPasskey
          label="Use a passkey"
          callbackUrl={callbackUrl}
          options={raiseWithPasskeyOptionsAction}
          verify={raiseWithPasskeyAction}
        />
      )}
    </section>
  );
}
