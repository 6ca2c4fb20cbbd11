import { expect } from "vitest";
import { api } from "./api";
import type { SignedIn } from "./accounts";
import { stepUp } from "./mfa";
import { SoftwarePasskey, type AuthenticatorOptions, type Tweaks } from "./webauthn";

// The passkey ceremonies as an API client runs them, with the software authenticator.

/** Steps up, asks for creation options, lets `passkey` answer them and registers it. */
export async function addPasskey(user: SignedIn, passkey = new SoftwarePasskey(), name?: string) {
  await stepUp(user);
  const options = await api("POST", "/api/auth/passkeys/register/options", { token: user.access });
  expect(options.status, options.text).toBe(200);
  const res = await api("POST", "/api/auth/passkeys/register/verify", {
    token: user.access,
    json: { response: passkey.register(options.body), ...(name ? { name } : {}) },
  });
  expect(res.status, res.text).toBe(201);
  return { passkey, added: res.body as { id: string; name: string; createdAt: string; recoveryCodes?: string[] } };
}

export const newPasskey = (options?: AuthenticatorOptions) => new SoftwarePasskey(options);

/** Asked with `token` (a step-up), the challenge is bound to that session. */
export async function requestOptions(mfaToken?: string, headers?: Record<string, string>, token?: string) {
  const res = await api("POST", "/api/auth/passkeys/authenticate/options", { json: mfaToken ? { mfaToken } : {}, headers, token });
  expect(res.status, res.text).toBe(200);
  return res.body as { challenge: string; rpId?: string; allowCredentials?: { id: string }[] };
}

/** A full ceremony: options, the assertion, verify (with an mfaToken or Bearer when given). */
export async function authenticate(passkey: SoftwarePasskey, opts: { mfaToken?: string; token?: string; tweaks?: Tweaks } = {}) {
  const options = await requestOptions(opts.mfaToken, undefined, opts.token);
  return api("POST", "/api/auth/passkeys/authenticate/verify", {
    token: opts.token,
    json: { response: passkey.assert(options, opts.tweaks), ...(opts.mfaToken ? { mfaToken: opts.mfaToken } : {}) },
  });
}
