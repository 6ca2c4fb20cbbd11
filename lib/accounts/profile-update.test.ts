import { describe, expect, it } from "vitest";
import { nameChanges } from "./profile-update";

describe("nameChanges", () => {
  it("changes nothing for an empty update", () => {
    expect(nameChanges({})).toEqual({});
  });

  it("sets the display name alone", () => {
    expect(nameChanges({ name: "Grace Hopper" })).toEqual({ name: "Grace Hopper" });
  });

  it("clears a stored display name when only its parts are sent, so name follows them", () => {
    expect(nameChanges({ firstName: "Ada" })).toEqual({ firstName: "Ada", name: null });
    expect(nameChanges({ firstName: "Ada", lastName: "Byron" })).toEqual({ firstName: "Ada", lastName: "Byron", name: null });
  });

  it("keeps an explicit name next to its parts", () => {
    expect(nameChanges({ name: "Countess", lastName: "Byron" })).toEqual({ name: "Countess", lastName: "Byron" });
  });
});
