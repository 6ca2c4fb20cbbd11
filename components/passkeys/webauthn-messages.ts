// What to tell a person when the browser's passkey prompt does not produce a passkey. The browser
// reports a cancel, a timeout and "no passkey for this site here" all as NotAllowedError (on
// purpose: a page must not learn which), so one sentence covers them.

export const NO_PASSKEY_SUPPORT = "This browser or device cannot use passkeys. Sign in with your password instead, or try another browser.";

export function passkeyProblem(error: unknown, ceremony: "sign-in" | "registration"): string | null {
  const name = (error as { name?: string })?.name;
  const code = (error as { code?: string })?.code;
  // Another ceremony replaced this one (a click during the autofill request): nothing to say.
  if (code === "ERROR_CEREMONY_ABORTED" || name === "AbortError") return null;
  if (code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED" || name === "InvalidStateError") {
    return ceremony === "registration" ? "This device already holds a passkey for your account." : "This passkey cannot be used here.";
  }
  if (name === "NotAllowedError") {
    return ceremony === "registration"
      ? "No passkey was added: the request was cancelled or timed out."
      : "No passkey was used: the request was cancelled or timed out, or this device has no passkey for this site.";
  }
  if (
    name === "NotSupportedError" ||
    code === "ERROR_AUTHENTICATOR_MISSING_USER_VERIFICATION_SUPPORT" ||
    code === "ERROR_AUTHENTICATOR_MISSING_DISCOVERABLE_CREDENTIAL_SUPPORT"
  ) {
    return "This device cannot keep a passkey that asks for your screen lock or fingerprint. Try another device or a security key.";
  }
  if (name === "SecurityError") return "Passkeys are not available on this address. Open the site at its usual address.";
  return ceremony === "registration"
    ? "The passkey could not be added. Please try again."
    : "The passkey could not be used. Please try again.";
}
