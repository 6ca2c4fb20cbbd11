// Forged, tampered, expired and misaddressed access tokens: every one is a 401 problem, never
// data and never a 500. Also key rotation: a new secret can be introduced without logging
// everyone out.
import { createHash } from "node:crypto";
import { SignJWT, decodeJwt } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config/env";
import { api } from "../support/api";
import { signUp } from "../support/accounts";

const kidOf = (secret: string) => createHash("sha256").update(secret).digest("base64url").slice(0, 12);

async function forge(claims: Record<string, unknown>, options: { secret?: string; alg?: string; kid?: string | null; exp?: number } = {}) {
  const secret = options.secret ?? process.env.JWT_SECRET!;
  const header: Record<string, string> = { alg: options.alg ?? "HS256", typ: "JWT" };
  if (options.kid !== null) header.kid = options.kid ?? kidOf(secret);
  const jwt = new SignJWT(claims).setProtectedHeader(header as { alg: string }).setIssuedAt();
  jwt.setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 600);
  return jwt.sign(new TextEncoder().encode(secret));
}

async function expect401(token: string) {
  const res = await api("GET", "/api/auth/profile", { token });
  expect(res.status, res.text).toBe(401);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expect(res.body.code).toMatch(/^(unauthorized|token_expired)$/);
  return res;
}

afterEach(() => {
  delete process.env.JWT_PREVIOUS_SECRETS;
  process.env.JWT_SECRET = "test-jwt-secret-test-jwt-secret-test-0123456789";
  resetConfigForTests();
});

describe("access token abuse", () => {
  it("refuses tokens signed with another secret, with tampered claims, or without a signature", async () => {
    const user = await signUp();
    const claims = decodeJwt(user.access);
    await expect401(await forge(claims, { secret: "an-attacker-secret-an-attacker-secret-0000" }));
    await expect401(await forge(claims, { secret: "an-attacker-secret-an-attacker-secret-0000", kid: kidOf(process.env.JWT_SECRET!) }));
    const [h, , s] = user.access.split(".");
    await expect401(`${h}.${Buffer.from(JSON.stringify({ ...claims, role: "owner", org: "other" })).toString("base64url")}.${s}`);
    await expect401(user.access.slice(0, -4) + "AAAA");
    const none = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    await expect401(`${none}.${user.access.split(".")[1]}.`);
  });

  it("refuses other algorithms even with the right key", async () => {
    const user = await signUp();
    await expect401(await forge(decodeJwt(user.access), { alg: "HS512" }));
  });

  it("refuses expired tokens with token_expired", async () => {
    const user = await signUp();
    const res = await expect401(await forge({ ...decodeJwt(user.access), exp: undefined }, { exp: Math.floor(Date.now() / 1000) - 10 }));
    expect(res.body.code).toBe("token_expired");
  });

  it("refuses the wrong audience or issuer", async () => {
    const user = await signUp();
    const claims = decodeJwt(user.access);
    await expect401(await forge({ ...claims, aud: "another-service" }));
    await expect401(await forge({ ...claims, iss: "https://evil.example" }));
  });

  it("refuses a valid signature over a session that does not exist or belongs to someone else", async () => {
    const user = await signUp();
    const other = await signUp();
    const claims = decodeJwt(user.access);
    await expect401(await forge({ ...claims, sid: "00000000-0000-0000-0000-000000000000" }));
    await expect401(await forge({ ...claims, sub: other.userId }));
  });

  it("rotates keys: tokens signed with a previous secret keep working while it is listed", async () => {
    const user = await signUp();
    const oldSecret = process.env.JWT_SECRET!;
    process.env.JWT_SECRET = "a-brand-new-secret-a-brand-new-secret-123456";
    process.env.JWT_PREVIOUS_SECRETS = oldSecret;
    resetConfigForTests();
    expect((await api("GET", "/api/auth/profile", { token: user.access })).status).toBe(200);
    const fresh = await api("POST", "/api/auth/refresh", { json: { refresh_token: user.refresh } });
    expect(decodeJwt(fresh.body.access_token)).toBeTruthy();
    expect((await api("GET", "/api/auth/profile", { token: fresh.body.access_token })).status).toBe(200);

    delete process.env.JWT_PREVIOUS_SECRETS;
    resetConfigForTests();
    await expect401(user.access);
    expect((await api("GET", "/api/auth/profile", { token: fresh.body.access_token })).status).toBe(200);
  });

  it("refuses malformed Authorization headers", async () => {
    for (const header of ["Basic dXNlcjpwYXNz", "Bearer", "Bearer a.b", "bearer " + "x".repeat(10_000)]) {
      const res = await api("GET", "/api/auth/profile", { headers: { authorization: header } });
      expect(res.status, header).toBe(401);
    }
  });
});
