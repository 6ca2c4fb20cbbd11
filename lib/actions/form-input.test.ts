import { describe, expect, it } from "vitest";
import * as z from "zod";
import { registerSchema } from "@/lib/validation/auth";
import { apiKeyFormSchema, webhookCreateFormSchema, webhookEditFormSchema } from "@/lib/validation/forms";
import { createWebhookSchema, updateWebhookSchema } from "@/lib/validation/webhooks";
import { echoableValues, formDataToInput, OPTIONAL_MARKER } from "./form-input";

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
};

describe("formDataToInput", () => {
  it("reads a posted form as the object the API takes, without React's own fields", () => {
    const input = formDataToInput(
      form([
        ["$ACTION_ID_abc", ""],
        ["name", "Ada"],
        ["email", "ada@example.com"],
        ["password", "Secret-Pass-123"],
      ]),
      registerSchema,
    );
    expect(input).toEqual({ name: "Ada", email: "ada@example.com", password: "Secret-Pass-123" });
  });

  it("treats a blank field as not given only where the form marked it optional", () => {
    const input = formDataToInput(
      form([
        ["organizationName", ""],
        [OPTIONAL_MARKER, "organizationName"],
        ["passwordConfirmation", ""],
      ]),
      registerSchema,
    );
    // A blank confirmation stays blank, so it is refused as not matching, as with JavaScript.
    expect(input).toEqual({ passwordConfirmation: "" });
    expect(
      registerSchema.safeParse({ ...input, email: "a@example.com", password: "Lantern-Orbit-58", name: "A" }).error?.issues[0]?.path,
    ).toEqual(["passwordConfirmation"]);
  });

  it("reads a checkbox group as a list, one box ticked or many, and the form schema takes it", () => {
    const one = formDataToInput(
      form([
        ["name", "ci"],
        ["permissions", "members:read"],
      ]),
      apiKeyFormSchema,
    );
    expect(one.permissions).toEqual(["members:read"]);
    expect(apiKeyFormSchema.parse(one).permissions).toEqual([{ resource: "members", action: "read" }]);
    const none = formDataToInput(form([["name", "ci"]]), apiKeyFormSchema);
    expect(none.permissions).toBeUndefined();
    expect(apiKeyFormSchema.safeParse({ name: "ci", permissions: ["members:fly"] }).success).toBe(false);
  });
  it("reads a list behind a preprocess and a transform (webhook events) as a list, every ticked box kept", () => {
    const posted = form([
      ["url", "https://example.com/hooks"],
      ["events", "member.added"],
      ["events", "member.removed"],
    ]);
    for (const schema of [createWebhookSchema, updateWebhookSchema]) {
      expect(formDataToInput(posted, schema).events).toEqual(["member.added", "member.removed"]);
    }
    // Then ordered by the schema (WEBHOOK_EVENT_TYPES' order), as for the API's JSON.
    expect(createWebhookSchema.parse(formDataToInput(posted, createWebhookSchema)).events).toEqual(["member.removed", "member.added"]);
    const everything = form([
      ["url", "https://example.com/hooks"],
      ["events", "*"],
      ["events", "member.added"],
    ]);
    expect(createWebhookSchema.parse(formDataToInput(everything, createWebhookSchema)).events).toEqual(["*"]);
    // A plain string field beside it is still one value.
    expect(formDataToInput(posted, createWebhookSchema).url).toBe("https://example.com/hooks");
  });
  it("refuses a webhook form with no event ticked with the same message with or without JavaScript", () => {
    const noBox = formDataToInput(form([["url", "https://example.com/hooks"]]), webhookCreateFormSchema);
    const message = (input: unknown) => webhookCreateFormSchema.safeParse(input).error?.issues[0]?.message;
    // Without JavaScript: no field at all. With it, react-hook-form sends an empty list.
    expect(message(noBox)).toBe("Choose at least one event.");
    expect(message({ ...noBox, events: [] })).toBe("Choose at least one event.");
    const edit = webhookEditFormSchema.safeParse({ id: "e", url: "https://example.com/hooks", description: "" });
    expect(edit.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([["events", "Choose at least one event."]]);
  });
});

describe("echoableValues", () => {
  it("never sends a password, code or token back to the page", () => {
    const values = echoableValues({
      email: "ada@example.com",
      name: "Ada",
      password: "Secret-Pass-123",
      passwordConfirmation: "Secret-Pass-123",
      currentPassword: "Old-Pass-123",
      code: "123456",
      token: "tok",
      invitationToken: "inv",
      permissions: ["members:read"],
    });
    expect(values).toEqual({ email: "ada@example.com", name: "Ada", permissions: ["members:read"] });
  });

  it("sends back a choice among the page's own options even when its name says token, and nothing else under such a name", () => {
    const schema = z.object({ idTokenSigningAlg: z.enum(["RS256", "ES256"]).default("RS256"), token: z.string() });
    expect(echoableValues({ idTokenSigningAlg: "ES256", token: "tok" }, schema)).toEqual({ idTokenSigningAlg: "ES256" });
    expect(echoableValues({ idTokenSigningAlg: "a-real-token" }, schema)).toEqual({});
    expect(echoableValues({ idTokenSigningAlg: "ES256" })).toEqual({});
  });
});
