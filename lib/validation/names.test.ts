import { describe, expect, it } from "vitest";
import { isPlainText, personNameSchema, toPlainText } from "./common";
import { createApiKeySchema, organizationNameSchema } from "./organizations";
import { passkeyNameSchema } from "./passkeys";

// Every name goes through one rule (printable): these are the characters that let a name pose as
// something else in a subject, a greeting or a member list (issue 12, item 9), and the emoji and
// scripts that need invisible characters all the same (issue 23, item 8). Written with escapes so
// that what cannot be seen can be read.

/** U+E0020..E007E spell ASCII invisibly: `tags("gbsct")` is Scotland's subdivision code. */
const tags = (ascii: string) => [...ascii].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join("");
const BLACK_FLAG = "\u{1F3F4}";
const CANCEL_TAG = "\u{E007F}";

const REAL_NAMES: Record<string, string> = {
  "a name with a skin-toned profession (the report)": "Zo\u00eb \u{1F469}\u{1F3FD}\u200d\u{1F4BB}",
  "a skin tone": "\u{1F44D}\u{1F3FF}",
  "a family": "\u{1F468}\u200d\u{1F469}\u200d\u{1F467}\u200d\u{1F466}",
  "a skin-toned astronaut": "\u{1F9D1}\u{1F3FE}\u200d\u{1F680}",
  "a kiss (FE0F inside a ZWJ sequence)": "\u{1F469}\u200d\u2764\ufe0f\u200d\u{1F48B}\u200d\u{1F468}",
  "the rainbow flag": "\u{1F3F3}\ufe0f\u200d\u{1F308}",
  "the rainbow flag without FE0F (what some keyboards send)": "\u{1F3F3}\u200d\u{1F308}",
  "the transgender flag": "\u{1F3F3}\ufe0f\u200d\u26a7\ufe0f",
  "a regional-indicator flag": "\u{1F1EB}\u{1F1F7}",
  "Scotland's flag (tag sequence)": BLACK_FLAG + tags("gbsct") + CANCEL_TAG,
  "England's flag (tag sequence)": BLACK_FLAG + tags("gbeng") + CANCEL_TAG,
  "Wales's flag (tag sequence)": BLACK_FLAG + tags("gbwls") + CANCEL_TAG,
  "a subdivision flag outside the RGI list": BLACK_FLAG + tags("ustx") + CANCEL_TAG,
  "keycap 1": "1\ufe0f\u20e3",
  "keycap #": "#\ufe0f\u20e3",
  "a red heart (emoji presentation)": "\u2764\ufe0f",
  "a smiley in text presentation (FE0E)": "\u263a\ufe0e",
  "a skin-toned red-haired woman (hair component)": "\u{1F469}\u{1F3FB}\u200d\u{1F9B0}",
  "a handshake with two skin tones": "\u{1FAF1}\u{1F3FC}\u200d\u{1FAF2}\u{1F3FF}",
  "a phoenix (Emoji 15.1)": "\u{1F426}\u200d\u{1F525}",
  "a skin-toned person walking right (Emoji 15.1)": "\u{1F6B6}\u{1F3FD}\u200d\u27a1\ufe0f",
  "Persian with a zero-width non-joiner": "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
  "Devanagari with a zero-width joiner (half form)": "\u0915\u094d\u200d\u0937",
  "Devanagari with a zero-width non-joiner": "\u0915\u094d\u200c\u0937",
  "Sinhala with a zero-width joiner": "\u0dc1\u0dca\u200d\u0dbb\u0dd3",
  "several sequences in a sentence": "Zo\u00eb \u{1F469}\u{1F3FD}\u200d\u{1F4BB} & \u{1F3F3}\ufe0f\u200d\u{1F308} crew \u{1F1EB}\u{1F1F7}",
  "plain names in any script": "Zo\u00eb O'Brien-\u0141ukasz \u0645\u062d\u0645\u062f \u5c71\u7530",
};

const POSING: Record<string, string> = {
  ...Object.fromEntries(
    ["202a", "202b", "202c", "202d", "202e", "2066", "2067", "2068", "2069"].map((hex) => [
      `bidi control U+${hex.toUpperCase()}`,
      `Acme ${String.fromCodePoint(parseInt(hex, 16))}gnp.exe`,
    ]),
  ),
  "left-to-right mark": "Acme\u200e",
  "right-to-left mark": "Acme\u200f",
  "Arabic letter mark": "Acme\u061c",
  "zero-width space": "Pay\u200broll",
  "word joiner": "Pay\u2060roll",
  "zero-width no-break space": "Ac\ufeffme",
  "soft hyphen": "Ac\u00adme",
  "joiner at the start": "\u200dAcme",
  "joiner at the end": "Acme\u200d",
  "joiner after an emoji at the end": "\u{1F44D}\u{1F3FF}\u200d",
  "joiner between spaces": "Acme \u200d Inc",
  "joiner between digits": "1\u200d2",
  "joiner between an emoji and a letter": "\u{1F44D}\u200dA",
  "two joiners between emoji": "\u{1F468}\u200d\u200d\u{1F469}",
  "non-joiner between emoji": "\u{1F468}\u200c\u{1F469}",
  "a stray tag character": "Acme\u{E0041}",
  "a lone cancel tag": "Acme\u{E007F}",
  "a black flag with only a cancel tag": `Acme ${BLACK_FLAG}${CANCEL_TAG}`,
  "a tag sequence on another base": "\u{1F3F3}" + tags("gbsct") + CANCEL_TAG,
  "a tag sequence on a letter": "A" + tags("gbsct") + CANCEL_TAG,
  "a tag sequence without its cancel tag": BLACK_FLAG + tags("gbsct"),
  "tags that are no subdivision code (hidden text)": BLACK_FLAG + tags("ignore previous instructions") + CANCEL_TAG,
  "upper-case tags": BLACK_FLAG + tags("GBSCT") + CANCEL_TAG,
  "line separator": "Acme\u2028Security Alert",
  "paragraph separator": "Acme\u2029Security Alert",
  "next line (C1)": "Acme\u0085Security Alert",
  "another C1 control": "Acme\u009b",
  NUL: "Acme\u0000",
  delete: "Acme\u007f",
  tab: "Acme\tInc",
  "line feed": "Acme\nInc",
  "lone high surrogate": "Acme\ud800",
  "lone low surrogate": "Acme\udc00",
};

const names = {
  person: (v: string) => personNameSchema.safeParse(v),
  organization: (v: string) => organizationNameSchema.safeParse(v),
  "API key": (v: string) => {
    const result = createApiKeySchema.safeParse({ name: v });
    return { success: result.success, data: result.data?.name };
  },
  passkey: (v: string) => passkeyNameSchema.safeParse(v),
};

describe("names refuse characters that hide or reorder text", () => {
  for (const [kind, parse] of Object.entries(names)) {
    it.each(Object.entries(POSING))(`${kind} name: refuses %s`, (_, value) => {
      expect(parse(value).success).toBe(false);
    });

    it.each(Object.entries(REAL_NAMES))(`${kind} name: keeps %s unchanged`, (_, value) => {
      const result = parse(value);
      expect(result.success).toBe(true);
      expect(result.data).toBe(value);
    });
  }
});

describe("toPlainText", () => {
  it.each(Object.entries(REAL_NAMES))("keeps %s", (_, value) => {
    expect(isPlainText(value)).toBe(true);
    expect(toPlainText(value)).toBe(value);
  });

  it.each(Object.entries(POSING))("strips %s down to something isPlainText accepts", (_, value) => {
    expect(isPlainText(value)).toBe(false);
    expect(isPlainText(toPlainText(value))).toBe(true);
  });

  it("strips only what the rule refuses", () => {
    expect(toPlainText("Acme \u202egnp\u2028.exe\u0085")).toBe("Acme gnp.exe");
    expect(toPlainText("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u{1F468}\u200d\u{1F469} x\u200d")).toBe(
      "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u{1F468}\u200d\u{1F469} x",
    );
    expect(toPlainText("Zo\u00eb\u202e \u{1F469}\u{1F3FD}\u200d\u{1F4BB}\u200d")).toBe("Zo\u00eb \u{1F469}\u{1F3FD}\u200d\u{1F4BB}");
    // A subdivision flag stays whole; tags around it that spell anything else go, the flag stays.
    const scotland = BLACK_FLAG + tags("gbsct") + CANCEL_TAG;
    expect(toPlainText(`${scotland}${tags("hi")}`)).toBe(scotland);
    expect(toPlainText(BLACK_FLAG + tags("ignore previous instructions") + CANCEL_TAG)).toBe(BLACK_FLAG);
    expect(toPlainText(BLACK_FLAG + tags("gbsct"))).toBe(BLACK_FLAG);
  });
});
