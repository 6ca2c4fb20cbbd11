import { describe, expect, it } from "vitest";
import { personNameSchema, toPlainText } from "./common";
import { createApiKeySchema, organizationNameSchema } from "./organizations";

// Every name goes through one rule (printable): these are the characters that let a name pose as
// something else in a subject, a greeting or a member list (issue 12, item 9).
const POSING = {
  "right-to-left override": "Acme \u202egnp.exe",
  "left-to-right isolate": "Acme \u2066x\u2069",
  "right-to-left mark": "Acme\u200f",
  "zero-width space": "Pay\u200broll",
  "zero-width no-break space": "Ac\ufeffme",
  "soft hyphen": "Ac\u00adme",
  "line separator": "Acme\u2028Security Alert",
  "paragraph separator": "Acme\u2029Security Alert",
  "next line (C1)": "Acme\u0085Security Alert",
  "another C1 control": "Acme\u009b",
  "tab": "Acme\tInc",
  "line feed": "Acme\nInc",
  "lone surrogate": "Acme\ud800",
  "joiner at the end": "Acme\u200d",
};

const names = {
  person: (v: string) => personNameSchema.safeParse(v).success,
  organization: (v: string) => organizationNameSchema.safeParse(v).success,
  "API key": (v: string) => createApiKeySchema.safeParse({ name: v }).success,
};

describe("names refuse characters that hide or reorder text", () => {
  for (const [kind, accepts] of Object.entries(names)) {
    it.each(Object.entries(POSING))(`${kind} name: refuses a %s`, (_, value) => {
      expect(accepts(value)).toBe(false);
    });

    it(`${kind} name: keeps ordinary names in any script, and joiners inside words and emoji`, () => {
      for (const value of ["Ada Lovelace", "Zoë O'Brien-Łukasz", "محمد", "می\u200cخواهم", "山田 太郎", "Team 👨\u200d👩\u200d👧"]) {
        expect(accepts(value), value).toBe(true);
      }
    });
  }

  it("toPlainText strips what the rule refuses and keeps the rest", () => {
    expect(toPlainText("Acme \u202egnp\u2028.exe\u0085")).toBe("Acme gnp.exe");
    expect(toPlainText("می\u200cخواهم 👨\u200d👩 x\u200d")).toBe("می\u200cخواهم 👨\u200d👩 x");
  });
});
