"use client";
import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { useBrowserValue } from "@/components/ui/use-browser-value";
import { NO_PASSKEY_SUPPORT, passkeyProblem } from "./webauthn-messages";

// "Sign in with a passkey" (a modal browser prompt), and passkey autofill: where the browser
// supports conditional mediation, a pending request lets the email field's suggestions offer
// the site's passkeys (the field needs autocomplete="username webauthn"). Both end in the same
// server action; starting the button's request aborts the pending autofill one.

const PASSKEY_SIGN_IN = "Sign in with a passkey";

export interface PasskeySignInProps {
  callbackUrl?: string;
  options: (input: object) => Promise<ActionResult<PublicKeyCredentialRequestOptionsJSON>>;
  verify: (input: { response: unknown }) => Promise<ActionResult<unknown>>;
  /** Offer the site's passkeys in the email field's autofill (the login page). */
  autofill?: boolean;
  label?: string;
}

export function PasskeySignIn({ callbackUrl, options, verify, autofill = false, label = PASSKEY_SIGN_IN }: PasskeySignInProps) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Assumed until the browser says otherwise, so the button renders on the server.
  const supported = useBrowserValue(browserSupportsWebAuthn, true);

  const finish = async (response: unknown) => {
    const result = await verify({ response });
    if (!result.ok) {
      setMessage(result.formError ?? "The passkey could not be used.");
      return;
    }
    router.replace(safeCallbackUrl(callbackUrl, window.location.origin));
    router.refresh();
  };

  useEffect(() => {
    if (!autofill) return;
    let active = true;
    void (async () => {
      if (!(await browserSupportsWebAuthnAutofill())) return;
      const got = await options({});
      if (!got.ok || !active) return;
      try {
        const response = await startAuthentication({ optionsJSON: got.data, useBrowserAutofill: true });
        if (active) await finish(response);
      } catch {
        // Aborted by the button, or dismissed: the autofill offer simply goes away.
      }
    })();
    return () => {
      active = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per page
  }, []);

  const onClick = async () => {
    setMessage(null);
    if (!browserSupportsWebAuthn()) {
      setMessage(NO_PASSKEY_SUPPORT);
      return;
    }
    setBusy(true);
    try {
      const got = await options({});
      if (!got.ok) {
        setMessage(got.formError ?? "Please try again.");
        return;
      }
      let response: unknown;
      try {
        response = await startAuthentication({ optionsJSON: got.data });
      } catch (error) {
        setMessage(passkeyProblem(error, "sign-in"));
        return;
      }
      await finish(response);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="passkey-sign-in">
      {message && (
        <div className="alert alert-error" role="alert">
          {message}
        </div>
      )}
      <button type="button" className="btn btn-secondary" onClick={onClick} disabled={busy} aria-busy={busy || undefined}>
        {busy && <span className="spinner" aria-hidden="true" />}
        {busy ? "Waiting for your passkey…" : label}
      </button>
      {!supported && <p className="small muted">{NO_PASSKEY_SUPPORT}</p>}
    </div>
  );
}

/** The passkey as the other way in, under a page's main form: "or", then the button, in a group named like it. */
export function OrPasskey(props: PasskeySignInProps) {
  return (
    <div className="oauth-buttons" aria-label={props.label ?? PASSKEY_SIGN_IN}>
      <p className="oauth-divider muted small">or</p>
      <PasskeySignIn {...props} />
    </div>
  );
}
