import * as z from "zod";
import { passwordWeakness } from "./password-strength";

// Building blocks shared by every form and route handler. Client-safe: no server imports.

export const WEAK_PASSWORD_TAG = "weak_password";

export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .max(254, "Email addresses are at most 254 characters.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }));

const weak = (message: string) => ({ message, params: { tag: WEAK_PASSWORD_TAG } });

/**
 * bcrypt reads only the first 72 bytes of a password (UTF-8), so a longer one would share its
 * hash with every password that starts the same way. Passwords are capped at that, in bytes:
 * 72 ASCII characters, fewer with accents or emoji.
 */
export const PASSWORD_MAX_BYTES = 72;
export const utf8Length = (value: string) => new TextEncoder().encode(value).length;
const TOO_LONG = `Use at most ${PASSWORD_MAX_BYTES} bytes: about ${PASSWORD_MAX_BYTES} letters or digits, fewer with accents or emoji.`;

/** The one password policy: every place a password is set uses it. */
export const passwordSchema = z
  .string({ error: "Enter a password." })
  .superRefine((value, ctx) => {
    const add = (message: string) => ctx.addIssue({ code: "custom", ...weak(message) });
    if (value.length < 8) return add("Use at least 8 characters.");
    if (utf8Length(value) > PASSWORD_MAX_BYTES) return add(TOO_LONG);
    // NUL ends bcrypt's input: "…x" and "…x\0" would hash alike at the 72-byte edge.
    if (/\p{Cc}/u.test(value)) return add("Remove control characters (tabs, line breaks and the like).");
    const missing = [
      !/[a-z]/.test(value) && "a lower-case letter",
      !/[A-Z]/.test(value) && "an upper-case letter",
      !/[0-9]/.test(value) && "a digit",
    ].filter(Boolean);
    if (missing.length) return add(`Add ${missing.join(", ").replace(/, ([^,]*)$/, " and $1")}.`);
    const weakness = passwordWeakness(value);
    if (weakness) add(weakness);
  });

const LONGER_THAN_BCRYPT_READS = `Passwords are at most ${PASSWORD_MAX_BYTES} bytes. If yours is longer (set before this limit), choose a new one with "Forgot password".`;

/**
 * A password being checked (sign-in, re-check): never the strength rules (an old password may
 * predate them), but never more than bcrypt reads either, so no two passwords that share their
 * first 72 bytes can both be accepted. An account whose password was set longer before the cap
 * resets it (the message says so).
 */
export const currentPasswordSchema = z
  .string({ error: "Enter your password." })
  .min(1, "Enter your password.")
  .max(PASSWORD_MAX_BYTES, LONGER_THAN_BCRYPT_READS)
  .refine((value) => utf8Length(value) <= PASSWORD_MAX_BYTES && !value.includes("\u0000"), LONGER_THAN_BCRYPT_READS);

/** Free text that is stored and shown: no control characters (NUL is refused by PostgreSQL outright). */
export const printable = (s: z.ZodString) => s.regex(/^[^\u0000-\u001f\u007f]*$/, "Remove control characters.");

export const personNameSchema = printable(z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."));

export const sixDigitCodeSchema = z
  .string({ error: "Enter the 6-digit code." })
  .trim()
  .regex(/^\d{6}$/, "Enter the 6-digit code from the email.");

/** Long random tokens from emailed links (base64url). */
export const linkTokenSchema = z
  .string({ error: "The token is missing." })
  .trim()
  .min(16, "This link is not valid.")
  .max(256, "This link is not valid.")
  .regex(/^[A-Za-z0-9_-]+$/, "This link is not valid.");

export const idSchema = z.string().trim().min(1).max(64);
