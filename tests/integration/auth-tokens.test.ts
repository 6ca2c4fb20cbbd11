import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { api, expectProblem } from "../support/api";
import { PASSWORD, signIn, signUp, uniqueEmail } from "../support/accounts";

describe("POST /api/auth/login", () => {
  it("returns the RFC 6749 token response with the contract's claims", async () => {
    const user = await signUp();
    const res = await api("POST", "/api/auth/login", { json: { email: user.email.toUpperCase(), password: PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body).toMatchObject({
      token_type: "Bearer",
      expires_in: 3600,
      refresh_token: expect.any(String),
      user: { id: user.userId, email: user.email, emailVerified: true },
      organization: {
        id: user.organizationId,
        role: "owner",
        permissions: expect.arrayContaining([{ resource: "organization", action: "delete" }]),
      },
    });
    const claims = decodeJwt(res.body.access_token);
    expect(claims).toMatchObject({
      sub: user.userId,
      user_id: user.userId,
      org: user.organizationId,
      tenant_id: user.organizationId,
      role: "owner",
      email: user.email,
      iss: "http://localhost:3000",
      aud: "api",
    });
    expect(claims.sid).toEqual(expect.any(String));
    expect(claims.jti).toEqual(expect.any(String));
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|\$2[aby]\$/);
  });

  it("answers 401 invalid_credentials alike for a wrong password and an unknown email", async () => {
    const user = await signUp();
    const wrong = await api("POST", "/api/auth/login", { json: { email: user.email, password: "Wrong-Horse-99" } });
    const unknown = await api("POST", "/api/auth/login", { json: { email: uniqueEmail(), password: "Wrong-Horse-99" } });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toBe(unknown.text);
    expect(wrong.body.code).toBe("invalid_credentials");
  });

  it("activates the organization asked for, and refuses one the user does not belong to", async () => {
    const user = await signUp();
    const other = await signUp();
    const ok = await api("POST", "/api/auth/login", {
      json: { email: user.email, password: PASSWORD, organizationId: user.organizationId },
    });
    expect(ok.body.organization.id).toBe(user.organizationId);
    const foreign = await api("POST", "/api/auth/login", {
      json: { email: user.email, password: PASSWORD, organizationId: other.organizationId },
    });
    expectProblem(foreign, 403, "not_a_member");
  });
});

describe("access tokens", () => {
  it("read the profile, and stop working the moment the session logs out", async () => {
    const user = await signUp();
    const profile = await api("GET", "/api/auth/profile", { token: user.access });
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ id: user.userId, organizations: [{ id: user.organizationId, role: "owner" }] });
    expect((await api("GET", "/api/auth/user", { token: user.access })).body).toEqual(profile.body);

    expect((await api("POST", "/api/auth/logout", { token: user.access })).status).toBe(204);
    const after = await api("GET", "/api/auth/profile", { token: user.access });
    expect(after.status).toBe(401);
    expect(after.headers.get("content-type")).toBe("application/problem+json");
    expect((await api("POST", "/api/auth/refresh", { json: { refresh_token: user.refresh } })).status).toBe(401);
  });

  it("are refused when missing, malformed or tampered with", async () => {
    const user = await signUp();
    expect((await api("GET", "/api/auth/profile")).status).toBe(401);
    expect((await api("GET", "/api/auth/profile", { token: "not-a-jwt" })).status).toBe(401);
    const [h, p, s] = user.access.split(".");
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...decodeJwt(user.access), sub: "someone-else" })).toString("base64url")}.${s}`;
    expect((await api("GET", "/api/auth/profile", { token: tampered })).status).toBe(401);
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${p}.`;
    expect((await api("GET", "/api/auth/profile", { token: none })).status).toBe(401);
  });

  it("logout with allSessions ends every session of the user", async () => {
    const first = await signUp();
    const second = await signIn(first.email);
    expect((await api("POST", "/api/auth/logout", { token: first.access, json: { allSessions: true } })).status).toBe(204);
    expect((await api("GET", "/api/auth/profile", { token: second.access })).status).toBe(401);
  });
});

describe("POST /api/auth/refresh", () => {
  it("rotates: the new pair works and the old refresh token is spent", async () => {
    const user = await signUp();
    const res = await api("POST", "/api/auth/refresh", { json: { refresh_token: user.refresh } });
    expect(res.status).toBe(200);
    expect(res.body.refresh_token).not.toBe(user.refresh);
    expect(decodeJwt(res.body.access_token).sid).toBe(decodeJwt(user.access).sid);
    expect((await api("GET", "/api/auth/profile", { token: res.body.access_token })).status).toBe(200);
  });

  it("lets two tabs refresh the same token at once without logging the user out", async () => {
    const user = await signUp();
    const [a, b] = await Promise.all([
      api("POST", "/api/auth/refresh", { json: { refresh_token: user.refresh } }),
      api("POST", "/api/auth/refresh", { json: { refresh_token: user.refresh } }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    for (const r of [a, b]) {
      expect((await api("GET", "/api/auth/profile", { token: r.body.access_token })).status).toBe(200);
      expect((await api("POST", "/api/auth/refresh", { json: { refresh_token: r.body.refresh_token } })).status).toBe(200);
    }
  });

  it("treats a spent token presented after the grace window as theft and revokes the session", async () => {
    const user = await signUp();
    const rotated = await api("POST", "/api/auth/refresh", { json: { refresh_token: user.refresh } });
    const { db } = await import("@/lib/db/client");
    const { sha256 } = await import("@/lib/auth/crypto");
    await db().refreshToken.update({ where: { tokenHash: sha256(user.refresh) }, data: { usedAt: new Date(Date.now() - 11_000) } });

    const reuse = await api("POST", "/api/auth/refresh", { json: { refresh_token: user.refresh } });
    expect(reuse.status).toBe(401);
    expect((await api("GET", "/api/auth/profile", { token: rotated.body.access_token })).status).toBe(401);
    expect((await api("POST", "/api/auth/refresh", { json: { refresh_token: rotated.body.refresh_token } })).status).toBe(401);
    const events = await db().auditEvent.findMany({ where: { organizationId: user.organizationId, type: "token.reuse_detected" } });
    expect(events).toHaveLength(1);
  });

  it("refuses unknown tokens and missing fields", async () => {
    expect((await api("POST", "/api/auth/refresh", { json: { refresh_token: "rt_nope" } })).status).toBe(401);
    expect((await api("POST", "/api/auth/refresh", { json: {} })).status).toBe(422);
  });
});

describe("sessions", () => {
  it("lists the active sessions with the current one marked, and revokes another", async () => {
    const first = await signUp();
    const second = await signIn(first.email);
    const list = await api("GET", "/api/auth/sessions", { token: first.access });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    const current = list.body.items.find((s: any) => s.current);
    expect(current.id).toBe(decodeJwt(first.access).sid);
    expect(Object.keys(current).sort()).toEqual(["createdAt", "current", "expiresAt", "id", "ip", "lastUsedAt", "userAgent"]);

    const otherSid = decodeJwt(second.access).sid as string;
    expect((await api("DELETE", `/api/auth/sessions/${otherSid}`, { token: first.access })).status).toBe(204);
    expect((await api("GET", "/api/auth/profile", { token: second.access })).status).toBe(401);
    expect((await api("GET", "/api/auth/profile", { token: first.access })).status).toBe(200);
  });

  it("cannot touch another user's session", async () => {
    const mine = await signUp();
    const theirs = await signUp();
    const sid = decodeJwt(theirs.access).sid as string;
    expect((await api("DELETE", `/api/auth/sessions/${sid}`, { token: mine.access })).status).toBe(404);
    expect((await api("GET", "/api/auth/profile", { token: theirs.access })).status).toBe(200);
  });
});
