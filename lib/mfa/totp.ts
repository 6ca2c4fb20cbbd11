import { Secret, TOTP } from "otpauth";

// RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30-second steps, one step of
// clock drift either way. Pure functions: storage and replay protection live in factors.ts.

const PERIOD = 30;
const DIGITS = 6;
const DRIFT_STEPS = 1;

export const newTotpSecret = () => new Secret({ size: 20 }).base32;

function totp(secret: string, label = "", issuer = "") {
  return new TOTP({ issuer, label, algorithm: "SHA1", digits: DIGITS, period: PERIOD, secret: Secret.fromBase32(secret) });
}

/** The otpauth:// URL an authenticator app scans (as a QR code) or imports. */
export const otpauthUrl = (secret: string, account: string, issuer: string) => totp(secret, account, issuer).toString();

/** The code for a moment (tests and enrolment screens use it). */
export const totpCode = (secret: string, timestamp = Date.now()) => totp(secret).generate({ timestamp });

/**
 * The time step a code belongs to, or null when it matches none within the drift window. The
 * caller accepts it only if the step is newer than the last one accepted (no replay).
 */
export function matchingStep(secret: string, code: string, timestamp = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secret).validate({ token: code, timestamp, window: DRIFT_STEPS });
  if (delta === null) return null;
  return TOTP.counter({ period: PERIOD, timestamp }) + delta;
}

/** The secret in groups of four for typing it by hand. */
export const groupedSecret = (secret: string) => secret.match(/.{1,4}/g)?.join(" ") ?? secret;
