import { randomInt } from "node:crypto";

// Recovery codes: 10 single-use codes of 10 characters from an alphabet without look-alikes
// (about 50 bits each), shown as "xxxxx-xxxxx". Stored as sealed digests only (recovery-digests.ts).

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** What people type: any case, with or without the dash or spaces. */
export const normalizeRecoveryCode = (input: string) => input.toLowerCase().replace(/[\s-]/g, "");
