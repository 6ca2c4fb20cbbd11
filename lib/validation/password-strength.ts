import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";

// zxcvbn-ts estimates how guessable a password is from offline dictionaries (common passwords,
// names, keyboard patterns, dates): better than a home-made blocklist, and no network call.

let factory: ZxcvbnFactory | undefined;
const checker = () =>
  (factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  }));

/**
 * Refused below 10^7 estimated guesses: that catches the common passwords and their usual
 * decorations ("Password123!", "Admin123!") while rate limits make 10^7 online guesses
 * unreachable (NIST SP 800-63B asks for a blocklist check, not high entropy).
 */
export const MIN_GUESSES_LOG10 = 7;

export function passwordWeakness(password: string, userInputs: string[] = []): string | null {
  // zxcvbn's cost grows with length; beyond 64 characters a password passing our other rules is
  // strong anyway, so score its prefix.
  const result = checker().check(password.slice(0, 64), userInputs);
  if (result.guessesLog10 >= MIN_GUESSES_LOG10) return null;
  const hint = result.feedback.warning || result.feedback.suggestions[0];
  return `This password is too easy to guess${hint ? ` (${hint.replace(/\.$/, "").toLowerCase()})` : ""}. Add more words or characters that are not a common pattern.`;
}
