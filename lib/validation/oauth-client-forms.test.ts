import { describe, expect, it } from "vitest";
import { echoableValues, formDataToInput } from "@/lib/actions/form-input";
import { oauthClientCreateFormSchema, oauthClientEditFormSchema } from "./oauth-client-forms";
import { createOAuthClientSchema } from "./oauth-clients";

// The /admin/oauth-clients forms, posted as a browser posts them without JavaScript, read into
// exactly what the API's own schemas give.

const posted = (entries: [string, string][]) => {
  const data = new FormData();
  data.append("$ACTION_ID_abc", "");
  for (const [key, value] of entries) data.append(key, value);
  return formDataToInput(data, oauthClientCreateFormSchema);
};

const issues = (input: unknown) =>
  oauthClientCreateFormSchema.safeParse(input).error?.issues.map((issue) => [issue.path.join("."), issue.message]);

describe("the OAuth client forms", () => {
  it("read redirect URIs one per line, scopes as ticked boxes and first-party as a checkbox, into the API's input", () => {
    const input = posted([
      ["name", "Wiki"],
      ["type", "confidential"],
      ["redirectUris", "https://wiki.example.com/callback\r\n\r\n  http://localhost:3000/callback  \r\n"],
      ["postLogoutRedirectUris", ""],
      ["scopes", "openid"],
      ["scopes", "email"],
      ["firstParty", "on"],
      ["idTokenSigningAlg", "ES256"],
    ]);
    const api = createOAuthClientSchema.parse({
      name: "Wiki",
      type: "confidential",
      redirectUris: ["https://wiki.example.com/callback", "http://localhost:3000/callback"],
      scopes: ["openid", "email"],
      firstParty: true,
      idTokenSigningAlg: "ES256",
    });
    expect(oauthClientCreateFormSchema.parse(input)).toEqual(api);
  });

  it("put every refused URI on the field, naming its line, with the API's own message", () => {
    expect(
      issues({
        name: "Wiki",
        type: "public",
        redirectUris: "https://wiki.example.com/cb\n\nhttp://wiki.example.com/cb",
        scopes: ["openid"],
        idTokenSigningAlg: "RS256",
      }),
    ).toEqual([["redirectUris", "Line 3: Use https (http only on localhost, 127.0.0.1 or [::1])."]]);
    expect(issues({ name: "Wiki", type: "public", redirectUris: " \n ", scopes: ["openid"], idTokenSigningAlg: "RS256" })).toEqual([
      ["redirectUris", "Register at least one redirect URI."],
    ]);
  });

  it("refuse a form with no scope ticked (the browser posts none) instead of taking the API's default", () => {
    const input = posted([
      ["name", "Wiki"],
      ["type", "public"],
      ["redirectUris", "https://wiki.example.com/cb"],
      ["idTokenSigningAlg", "RS256"],
    ]);
    expect(issues(input)?.[0]).toEqual(["scopes", "Allow at least the openid scope."]);
  });

  it("refuse an ID token algorithm that is not offered, or none posted (never read as the default)", () => {
    const form = (alg?: string) =>
      posted([
        ["name", "Wiki"],
        ["type", "public"],
        ["redirectUris", "https://wiki.example.com/cb"],
        ["scopes", "openid"],
        ...(alg === undefined ? [] : ([["idTokenSigningAlg", alg]] as [string, string][])),
      ]);
    for (const alg of ["HS256", "none", "es256", undefined]) {
      expect(issues(form(alg))).toEqual([["idTokenSigningAlg", "Choose one of RS256, ES256."]]);
    }
    expect(oauthClientCreateFormSchema.parse(form("RS256")).idTokenSigningAlg).toBe("RS256");
  });

  it("keep the chosen algorithm when a refused form is shown again without JavaScript (its name says token, but it is one of the page's options)", () => {
    const refused = posted([
      ["name", "Wiki"],
      ["type", "public"],
      ["redirectUris", "https://wiki.example.com/cb#x"],
      ["scopes", "openid"],
      ["idTokenSigningAlg", "ES256"],
    ]);
    expect(oauthClientCreateFormSchema.safeParse(refused).success).toBe(false);
    expect(echoableValues(refused, oauthClientCreateFormSchema)).toMatchObject({ type: "public", idTokenSigningAlg: "ES256" });
    expect(echoableValues({ clientId: "oc_abc", idTokenSigningAlg: "ES256" }, oauthClientEditFormSchema)).toMatchObject({
      idTokenSigningAlg: "ES256",
    });
  });

  it("give the edit form's changes as PATCH takes them, with the client's id", () => {
    const { clientId, ...changes } = oauthClientEditFormSchema.parse({
      clientId: "oc_abc",
      name: " Wiki ",
      redirectUris: "https://wiki.example.com/cb",
      postLogoutRedirectUris: "https://wiki.example.com/bye",
      scopes: ["openid", "openid", "profile"],
      firstParty: false,
      idTokenSigningAlg: "ES256",
    });
    expect(clientId).toBe("oc_abc");
    expect(changes).toEqual({
      name: "Wiki",
      redirectUris: ["https://wiki.example.com/cb"],
      postLogoutRedirectUris: ["https://wiki.example.com/bye"],
      scopes: ["openid", "profile"],
      firstParty: false,
      idTokenSigningAlg: "ES256",
    });
  });
});
