import { Secret, TOTP } from "otpauth";
import { expect } from "vitest";
import { api } from "./api";
import { PASSWORD, type SignedIn } from "./accounts";

// An authenticator app in a test: the real otpauth library computing codes from the secret the
// API handed out, at any moment (to step past a code already used, or to test drift).

export const codeAt = (secret: string, timestamp = Date.now()) =>
  new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp });

/** A code for a step not yet used: the next step's (within the ±1 drift the server accepts). */
export const nextCode = (secret: string, steps = 1) => codeAt(secret, Date.now() + steps * 30_000);

export async function stepUp(user: SignedIn) {
  const res = await api("POST", "/api/auth/check-password", { token: user.access, json: { password: user.password ?? PASSWORD } });
  expect(res.status, res.text).toBe(200);
}

/** Turns on an authenticator app for a signed-in user; returns its secret and recovery codes. */
export async function enrolTotp(user: SignedIn): Promise<{ secret: string; recoveryCodes: string[] }> {
  await stepUp(user);
  const setup = await api("POST", "/api/auth/mfa/totp/setup", { token: user.access });
  expect(setup.status, setup.text).toBe(200);
  const secret = setup.body.secret as string;
  // The previous step's code: later steps stay free for the test's own sign-ins. Not in a step's
  // last two seconds, though: the step could turn before the server checks it, and a code two
  // steps old is (rightly) refused.
  const intoStep = Date.now() % 30_000;
  if (intoStep > 28_000) await new Promise((resolve) => setTimeout(resolve, 30_000 - intoStep + 50));
  const enable = await api("POST", "/api/auth/mfa/totp/enable", {
    token: user.access,
    json: { code: codeAt(secret, Date.now() - 30_000) },
  });
  expect(enable.status, enable.text).toBe(200);
  return { secret, recoveryCodes: enable.body.recoveryCodes };
}

/** Signs in with the password; expects the 403 mfa_required and returns the mfaToken. */
export async function passwordStep(email: string, password = PASSWORD): Promise<string> {
  const res = await api("POST", "/api/auth/login", { json: { email, password } });
  expect(res.status, res.text).toBe(403);
  expect(res.body.code).toBe("mfa_required");
  return res.body.mfaToken as string;
}
