// OAuth's space-separated parameters (scope, prompt, acr_values), read one way everywhere.

/** The words of a space-separated parameter (none when it is absent). */
export const wordsOf = (value: unknown): string[] =>
  String(value ?? "")
    .split(" ")
    .filter(Boolean);

/** Whether a space-separated parameter holds `word`. */
export const hasWord = (value: unknown, word: string): boolean => wordsOf(value).includes(word);
