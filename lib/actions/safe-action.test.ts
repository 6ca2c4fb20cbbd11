import { describe, expect, it } from "vitest";
import * as z from "zod";
import { ApiError } from "@/lib/http/errors";
import { toActionError } from "./safe-action";

describe("toActionError", () => {
  it("puts zod issues next to their fields", () => {
    const parsed = z
      .object({ email: z.email("Enter a valid email."), name: z.string().min(1, "Enter a name.") })
      .safeParse({ email: "x", name: "" });
    const result = toActionError(parsed.error);
    expect(result.code).toBe("validation_failed");
    expect(result.fieldErrors).toEqual({ email: "Enter a valid email.", name: "Enter a name." });
  });

  it("keeps an API error's field messages and its wording for the form", () => {
    const error = new ApiError("weak_password", "Password too weak", { errors: { newPassword: ["Add a digit.", "Too short."] } });
    expect(toActionError(error)).toMatchObject({ code: "weak_password", fieldErrors: { newPassword: "Add a digit." } });
    expect(toActionError(new ApiError("conflict", "This slug is already taken."))).toMatchObject({
      formError: "This slug is already taken.",
    });
  });

  it("turns a rate limit into how long to wait", () => {
    const error = new ApiError("rate_limited", "Too many", { headers: { "retry-after": "300" } });
    expect(toActionError(error).formError).toBe("Too many attempts. Please wait 5 minutes and try again.");
  });

  it("says a session ended in plain words", () => {
    expect(toActionError(new ApiError("unauthorized")).formError).toMatch(/session has ended/);
  });

  it("never shows an unexpected error's message (it may hold internals)", () => {
    const result = toActionError(new Error('relation "users" does not exist at 10.0.0.5'));
    expect(result.code).toBe("internal_error");
    expect(result.formError).toBe("Something went wrong on our side. Please try again.");
  });

  it("says the service is briefly unavailable when the database cannot be reached, never that the session ended", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect(toActionError(refused)).toEqual({
      ok: false,
      code: "service_unavailable",
      formError: "The service is temporarily unavailable. Please try again in a moment.",
    });
  });
});
