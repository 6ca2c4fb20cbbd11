// OAuth parameters: the space-separated ones (scope, prompt, acr_values) read one way everywhere,
// and the one character the database cannot store.

/** The words of a space-separated parameter (none when it is absent). */
export const wordsOf = (value: unknown): string[] =>
  String(value ?? "")
    .split(" ")
    .filter(Boolean);

/** Whether a space-separated parameter holds `word`. */
export const hasWord = (value: unknown, word: string): boolean => wordsOf(value).includes(word);

/**
 * Whether a value carries a NUL character, which PostgreSQL refuses in text and jsonb: a
 * statement given one fails, so such a value is answered before it reaches the database.
 */
export const hasNul = (value: string): boolean => value.includes("\u0000");
