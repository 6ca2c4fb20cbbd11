// The OpenID Provider's applications (API.md, "OpenID Provider"): registered by instance admins
// only, a confidential client's secret shown once and kept as a hash, redirect URIs that can be
// matched exactly, every change in the instance's log.
import { describe, expect, it } from "vitest";
import { sha256 } from "@/lib/auth/crypto";
import { db } from "@/lib/db/client";
import { adminAtAal2 } from "../support/admin";
import { api, expectProblem } from "../support/api";
import { signUp } from "../support/accounts";
import { createKey } from "./organizations-fixtures";

const CLIENTS = "/api/admin/oauth-clients";
const valid = { name: "Admin tool", type: "confidential", redirectUris: ["https://admin.example.com/callback"] };

describe("OAuth clients", () => {
  it("are registered, read, changed, given a new secret and deleted by an aal2 admin, each change in the instance log", async () => {
    const admin = await adminAtAal2();
    const created = await api("POST", CLIENTS, { token: admin.access, json: { ...valid, scopes: ["openid", "email", "organization"] } });
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const { id, clientSecret } = created.body as { id: string; clientSecret: string };
    expect(id).toMatch(/^oc_[\w-]{22}$/);
    expect(clientSecret).toMatch(/^ocs_[\w-]{43}$/);
    expect(created.body).toMatchObject({
      type: "confidential",
      scopes: ["openid", "email", "organization"],
      firstParty: false,
      idTokenSigningAlg: "RS256",
    });
    // Only the hash is kept; reads never show the secret.
    const row = await db().oAuthClient.findUniqueOrThrow({ where: { id } });
    expect(row.secretHash).toBe(sha256(clientSecret));
    const read = await api("GET", `${CLIENTS}/${id}`, { token: admin.access });
    expect(read.status).toBe(200);
    expect(read.text).not.toContain(clientSecret);
    expect(read.text).not.toContain(row.secretHash!);
    expect((await api("GET", CLIENTS, { token: admin.access })).body.items.map((c: { id: string }) => c.id)).toContain(id);

    const changed = await api("PATCH", `${CLIENTS}/${id}`, {
      token: admin.access,
      json: { name: "Admin console", redirectUris: ["https://admin.example.com/cb", "http://127.0.0.1:8765/cb"], firstParty: true },
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({ name: "Admin console", firstParty: true, type: "confidential" });

    const rotated = await api("POST", `${CLIENTS}/${id}/secret`, { token: admin.access });
    expect(rotated.status).toBe(200);
    expect(rotated.body.clientSecret).not.toBe(clientSecret);
    expect((await db().oAuthClient.findUniqueOrThrow({ where: { id } })).secretHash).toBe(sha256(rotated.body.clientSecret));

    expect((await api("DELETE", `${CLIENTS}/${id}`, { token: admin.access })).status).toBe(204);
    expectProblem(await api("GET", `${CLIENTS}/${id}`, { token: admin.access }), 404, "not_found");

    const events = await db().auditEvent.findMany({
      where: { actorId: admin.userId, type: { startsWith: "oauth.client_" } },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => [e.type, e.organizationId, (e.metadata as { changed?: string[] }).changed])).toEqual([
      ["oauth.client_created", null, undefined],
      ["oauth.client_updated", null, ["name", "redirectUris", "firstParty"]],
      ["oauth.client_updated", null, ["secret"]],
      ["oauth.client_deleted", null, undefined],
    ]);
    expect(JSON.stringify(events)).not.toContain(clientSecret);
  });

  it("sign ID tokens with RS256 unless ES256 is chosen, at registration or later; never a symmetric algorithm or none", async () => {
    const admin = await adminAtAal2();
    const created = await api("POST", CLIENTS, { token: admin.access, json: { ...valid, idTokenSigningAlg: "ES256" } });
    expect(created.status, created.text).toBe(201);
    const { id } = created.body as { id: string };
    expect(created.body.idTokenSigningAlg).toBe("ES256");
    expect((await db().oAuthClient.findUniqueOrThrow({ where: { id } })).idTokenSigningAlg).toBe("ES256");
    expect((await api("GET", `${CLIENTS}/${id}`, { token: admin.access })).body.idTokenSigningAlg).toBe("ES256");
    const listed = (await api("GET", CLIENTS, { token: admin.access })).body.items.find((c: { id: string }) => c.id === id);
    expect(listed.idTokenSigningAlg).toBe("ES256");

    for (const idTokenSigningAlg of ["HS256", "none", "RS512", "es256", "", null]) {
      for (const [method, path, json] of [
        ["POST", CLIENTS, { ...valid, idTokenSigningAlg }],
        ["PATCH", `${CLIENTS}/${id}`, { idTokenSigningAlg }],
      ] as const) {
        const refused = await api(method, path, { token: admin.access, json });
        expectProblem(refused, 422, "validation_failed");
        expect(refused.headers.get("content-type")).toContain("application/problem+json");
        expect(refused.text, `${method} ${String(idTokenSigningAlg)}`).toContain("idTokenSigningAlg");
      }
    }
    expect(await db().oAuthClient.count({ where: { createdById: admin.userId } })).toBe(1);

    const changed = await api("PATCH", `${CLIENTS}/${id}`, { token: admin.access, json: { idTokenSigningAlg: "RS256" } });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.idTokenSigningAlg).toBe("RS256");
    expect((await db().oAuthClient.findUniqueOrThrow({ where: { id } })).idTokenSigningAlg).toBe("RS256");
    const updated = await db().auditEvent.findFirstOrThrow({ where: { actorId: admin.userId, type: "oauth.client_updated" } });
    expect(updated.metadata).toMatchObject({ clientId: id, changed: ["idTokenSigningAlg"] });
  });

  it("a public client has no secret to show or rotate", async () => {
    const admin = await adminAtAal2();
    const created = await api("POST", CLIENTS, {
      token: admin.access,
      json: { name: "Mobile app", type: "public", redirectUris: ["com.example.app:/oauth/callback"] },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.clientSecret).toBeUndefined();
    expect(created.body.scopes).toEqual(["openid", "profile", "email"]);
    expect(created.body.idTokenSigningAlg).toBe("RS256");
    expect((await db().oAuthClient.findUniqueOrThrow({ where: { id: created.body.id } })).secretHash).toBeNull();
    expectProblem(await api("POST", `${CLIENTS}/${created.body.id}/secret`, { token: admin.access }), 404, "not_found");
  });

  it("refuses redirect URIs that cannot be matched exactly or lead somewhere unsafe", async () => {
    const admin = await adminAtAal2();
    const refused = [
      "http://app.example.com/cb", // http off loopback
      "https://app.example.com/cb#frag",
      "https://user:pw@app.example.com/cb",
      "https://*.example.com/cb",
      "https://APP.example.com/cb", // not canonical: a browser sends the lower-case host
      "https://app.example.com", // canonical form has the trailing slash
      "javascript:alert(1)",
      "data:text/html,hi",
      "myapp:/cb", // a private-use scheme must be reverse-domain
      "/relative/cb",
      "",
    ];
    for (const uri of refused) {
      const res = await api("POST", CLIENTS, { token: admin.access, json: { ...valid, redirectUris: [uri] } });
      expect(res.status, `${uri}: ${res.text}`).toBe(422);
      expect(res.body.code).toBe("validation_failed");
    }
    for (const json of [
      { ...valid, redirectUris: [] },
      { ...valid, redirectUris: ["https://a.example.com/cb", "https://a.example.com/cb"] },
      { ...valid, scopes: ["email"] },
      { ...valid, scopes: ["openid", "admin"] },
      { ...valid, type: "service" },
      { ...valid, name: "" },
      { ...valid, secret: "chosen" },
    ]) {
      expectProblem(await api("POST", CLIENTS, { token: admin.access, json }), 422, "validation_failed");
    }
    expect(await db().oAuthClient.count({ where: { createdById: admin.userId } })).toBe(0);
  });

  it("answer 404 to a person who is not an admin and 401 to an API key", async () => {
    const admin = await adminAtAal2();
    const { id } = (await api("POST", CLIENTS, { token: admin.access, json: valid })).body as { id: string };
    const person = await signUp();
    const key = await createKey(person, person.organizationId);
    const routes = [
      ["GET", CLIENTS],
      ["POST", CLIENTS, valid],
      ["GET", `${CLIENTS}/${id}`],
      ["PATCH", `${CLIENTS}/${id}`, { name: "x" }],
      ["POST", `${CLIENTS}/${id}/secret`],
      ["DELETE", `${CLIENTS}/${id}`],
    ] as const;
    for (const [method, path, json] of routes) {
      expectProblem(await api(method, path, { token: person.access, ...(json ? { json } : {}) }), 404, "not_found");
      expect((await api(method, path, { apiKey: key.key, ...(json ? { json } : {}) })).status).toBe(401);
    }
    expect(await db().oAuthClient.findUnique({ where: { id } })).not.toBeNull();
  });
});
