import { describe, expect, it } from "vitest";
import { postedFields } from "./posted-form";

describe("postedFields", () => {
  it("reads a posted form as the action's input: React's own fields and blanks left out", () => {
    const form = new FormData();
    form.set("$ACTION_ID_abc", "");
    form.set("$ACTION_REF_1", "x");
    form.set("code", "123456");
    form.set("password", "");
    form.set("callbackUrl", "/organizations");
    expect(postedFields(form)).toEqual({ code: "123456", callbackUrl: "/organizations" });
  });
});
