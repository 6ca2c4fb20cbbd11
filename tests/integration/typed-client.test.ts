// An API client as docs/api.md tells one to build it: types generated from /api/openapi.json
// with openapi-typescript, calls made through openapi-fetch. The whole journey has to compile
// (`tsc --noEmit` checks every path, body and field used below against the generated types) and
// pass against the real handlers, whose responses the shared check holds to the document too.
import { readFileSync } from "node:fs";
import createClient from "openapi-fetch";
import { describe, expect, expectTypeOf, it } from "vitest";
import { CLIENT_TYPES_FILE, clientTypesSource } from "../../scripts/lib/openapi-types";
import { PASSWORD, uniqueEmail } from "../support/accounts";
import { api, fetchInProcess } from "../support/api";
import type { components, paths } from "../support/api-types.generated";
import { codeIn, latestEmailTo, linkTokenIn } from "../support/mail";

type Schemas = components["schemas"];

const client = createClient<paths>({ baseUrl: "http://localhost:3000", fetch: fetchInProcess });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe("a client generated from /api/openapi.json", () => {
  it("is generated from the document the app serves today (run `npm run openapi:types` after changing the API)", async () => {
    const served = await api("GET", "/api/openapi.json");
    expect(readFileSync(CLIENT_TYPES_FILE, "utf8")).toBe(await clientTypesSource(served.body));
  });

  it("runs the whole journey: register, confirm, login, refresh, organization, invitation, API key", async () => {
    const email = uniqueEmail("typed");

    const registered = await client.POST("/api/auth/register", { body: { email, password: PASSWORD, name: "Typed Client" } });
    expect(registered.response.status).toBe(201);
    expect(registered.data).toMatchObject({ verificationRequired: true });

    const code = codeIn(await latestEmailTo(email));
    const confirmed = await client.POST("/api/auth/confirm-account", { body: { email, code: code! } });
    expect(confirmed.error).toBeUndefined();
    // A new account's confirmation signs in; an email change's answers { verified, email }.
    const tokens = confirmed.data!;
    if (!("access_token" in tokens)) throw new Error("expected a token response for a new account");
    expectTypeOf(tokens).toEqualTypeOf<Schemas["TokenResponse"]>();
    expect(tokens.user.emailVerified).toBe(true);

    const wrong = await client.POST("/api/auth/login", { body: { email, password: "Not-The-Password-1" } });
    expect(wrong.response.status).toBe(401);
    expectTypeOf(wrong.error!).toEqualTypeOf<Schemas["Problem"]>();
    expect(wrong.error!.code).toBe("invalid_credentials");

    const login = await client.POST("/api/auth/login", { body: { email, password: PASSWORD } });
    expect(login.data!.token_type).toBe("Bearer");
    expect(login.response.headers.get("cache-control")).toBe("no-store");

    const refreshed = await client.POST("/api/auth/refresh", { body: { refresh_token: login.data!.refresh_token } });
    expect(refreshed.data!.refresh_token).not.toBe(login.data!.refresh_token);
    const access = refreshed.data!.access_token;

    const profile = await client.GET("/api/auth/profile", { headers: bearer(access) });
    expect(profile.data!.email).toBe(email);

    const created = await client.POST("/api/organizations", { headers: bearer(access), body: { name: "Typed Org" } });
    expect(created.response.status).toBe(201);
    const orgId = created.data!.id;
    expect(created.data!.role).toBe("owner");

    const invitee = uniqueEmail("typed-invitee");
    const invited = await client.POST("/api/organizations/{orgId}/invitations", {
      params: { path: { orgId } },
      headers: bearer(access),
      body: { email: invitee, role: "admin" },
    });
    expect(invited.response.status).toBe(201);
    expect(invited.data!.status).toBe("pending");
    expect(linkTokenIn(await latestEmailTo(invitee), "/invitations/")).toBeTruthy();

    const stepUp = await client.POST("/api/auth/check-password", { headers: bearer(access), body: { password: PASSWORD } });
    expect(stepUp.data!.valid).toBe(true);
    const key = await client.POST("/api/organizations/{orgId}/api-keys", {
      params: { path: { orgId } },
      headers: bearer(access),
      body: { name: "typed reader", permissions: ["organization:read", { resource: "members", action: "read" }] },
    });
    expect(key.response.status).toBe(201);
    expect(key.data!.key).toMatch(/^ak_/);

    // The key acts for its own organization: `current` names it.
    const asKey = { "X-API-Key": key.data!.key };
    const organization = await client.GET("/api/organizations/{orgId}", { params: { path: { orgId: "current" } }, headers: asKey });
    expect(organization.data!.id).toBe(orgId);
    const members = await client.GET("/api/organizations/{orgId}/members", { params: { path: { orgId: "current" } }, headers: asKey });
    expect(members.data!.items.map((m) => [m.id, m.email, m.role])).toEqual([[tokens.user.id, email, "owner"]]);
    const notAllowed = await client.GET("/api/organizations/{orgId}/audit-log", { params: { path: { orgId: "current" } }, headers: asKey });
    expect(notAllowed.response.status).toBe(403);
    expect(notAllowed.error!.code).toBe("forbidden");

    const loggedOut = await client.POST("/api/auth/logout", { headers: bearer(access), body: {} });
    expect(loggedOut.response.status).toBe(204);
    expect((await client.GET("/api/auth/profile", { headers: bearer(access) })).response.status).toBe(401);
  });

  it("types requests from the same schemas the server validates with", () => {
    // Compile-time checks: tsc --noEmit fails if the document stops describing these precisely.
    expectTypeOf<paths["/api/auth/login"]["post"]["requestBody"]>().toEqualTypeOf<{
      content: { "application/json": { email: string; password: string; organizationId?: string } };
    }>();
    expectTypeOf<Schemas["Member"]>().toHaveProperty("id");
    expectTypeOf<Schemas["Role"]>().toEqualTypeOf<"owner" | "admin" | "member">();
    // @ts-expect-error an unknown path does not type-check
    void (() => client.GET("/api/auth/nowhere"));
    // @ts-expect-error nor does a body the operation does not take
    void (() => client.POST("/api/auth/refresh", { body: { refreshToken: "camelCase is not the RFC 6749 name" } }));
  });
});
