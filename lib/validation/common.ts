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
export const passwordSchema = z.string({ error: "Enter a password." }).superRefine((value, ctx) => {
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

// Names (people, organizations, keys) reach other people's screens and inboxes. Characters that
// change how the text around them reads, or do not show at all, let a name pose as something
// else: bidi overrides and isolates, zero-width and other format characters (\p{Cf}), C0 and C1
// controls (U+0085 included), line and paragraph separators, lone surrogates.
//
// Writing systems and emoji need some of those invisible characters, so each is kept only where
// it joins what it is made for (UTS #51 for emoji; everything else an emoji uses, skin tones,
// U+FE0E/U+FE0F, the keycap U+20E3, regional indicators, is visible or a mark and passes as is):
// - a zero-width (non-)joiner between two letters or marks: Persian می‌خواهم, Devanagari क्‍ष;
// - a zero-width joiner that continues an emoji (after a pictograph, a skin tone or U+FE0F) with
//   a pictograph: 👩🏽‍💻, 🫱🏼‍🫲🏿, 🏳️‍🌈, 👩‍❤️‍💋‍👨;
// - tag characters only as a subdivision flag: 🏴, a subdivision code (gbsct), CANCEL TAG. Tags
//   spell ASCII invisibly, so anything longer than a subdivision code would be hidden text.
//
// Why character properties rather than whitelisting whole sequences with \p{RGI_Emoji}: that needs
// the RegExp v flag, which TypeScript refuses below an ES2024 target (ours is ES2022) and Safari
// before 17 cannot parse, and this module is loaded by the sign-up and profile forms too, where a
// syntax error would break the page. RGI_Emoji is also a list frozen at the engine's Unicode
// version: sequences newer than the server's Node or the visitor's browser would be refused
// again, as would the unqualified ones keyboards send (🏳‍🌈 without U+FE0F). Extended_Pictographic
// already covers the code points set aside for future emoji. What matters here is only where an
// invisible character may sit, not whether the emoji is on Unicode's list.
const TEXT_JOINER = String.raw`(?<=[\p{L}\p{M}])[\u200c\u200d](?=[\p{L}\p{M}])`;
const EMOJI_JOINER = String.raw`(?<=[\p{Extended_Pictographic}\p{Emoji_Modifier}\ufe0f])\u200d(?=\p{Extended_Pictographic})`;
// A Unicode subdivision id: a region (2 letters or 3 digits) and 1 to 4 letters or digits, in tags.
const SUBDIVISION_FLAG = String.raw`\u{1F3F4}(?:[\u{E0061}-\u{E007A}]{2}|[\u{E0030}-\u{E0039}]{3})[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{1,4}\u{E007F}`;
const KEPT = new RegExp(`${TEXT_JOINER}|${EMOJI_JOINER}|${SUBDIVISION_FLAG}`, "gu");
const HIDDEN_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
const HIDDEN_OR_CONTROL_ALL = new RegExp(HIDDEN_OR_CONTROL.source, "gu");

/** Whether `value` holds nothing that hides or reorders text (see above). */
export const isPlainText = (value: string) => !HIDDEN_OR_CONTROL.test(value.replace(KEPT, ""));

/** `value` without what isPlainText refuses: for names that did not come through our forms (OAuth, older rows). */
export const toPlainText = (value: string) =>
  // split() with a capturing group keeps what belongs at the odd indexes. Stripping the rest
  // cannot unmake what was kept: a kept joiner's neighbours (letters, marks, pictographs, skin
  // tones, U+FE0F) are never stripped, and a subdivision flag is kept whole.
  value
    .split(new RegExp(`(${KEPT.source})`, "u"))
    .map((part, i) => (i % 2 ? part : part.replace(HIDDEN_OR_CONTROL_ALL, "")))
    .join("");

/** The one rule for every stored and shown name: plain text (NUL is refused by PostgreSQL outright). */
export const printable = (s: z.ZodString) =>
  s.refine(isPlainText, "Remove control, formatting and invisible characters (such as direction marks or line separators).");

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

/** A checkbox posts "on" when ticked and nothing otherwise; react-hook-form reads it as a boolean. */
export const checkboxSchema = z.preprocess((value) => value === true || value === "on" || value === "true", z.boolean());
