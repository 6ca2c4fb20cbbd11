import { createHmac } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config, resetConfigForTests } from "@/lib/config/env";
import { signAccessToken, verifyAccessToken } from "./jwt";

// The synchronous HS256 verifier against tokens jose signs: what jose's jwtVerify accepted and
// refused, it must accept and refuse too (the integration abuse tests cover the HTTP side).

const SECRET = "unit-test-jwt-secret-unit-test-jwt-secret-0123";
const saved = { ...process.env };
beforeAll(() => {
  Object.assign(process.env, { DATABASE_URL: "postgres://u:p@127.0.0.1:1/db", JWT_SECRET: SECRET, AUTH_SECRET: SECRET });
  resetConfigForTests();
});
afterAll(() => {
  process.env = saved;
  resetConfigForTests();
});

const claims = { sub: "user-1", sid: "session-1", org: null, role: null, email: "a@example.test", amr: ["pwd"], aal: "aal1" as const };
const now = () => Math.floor(Date.now() / 1000);

/** A token signed with the current secret, with the header and claims changed as given. */
async function signed(payload: Record<string, unknown>, header: Record<string, unknown> = {}, secret = SECRET) {
  const { token } = await signAccessToken(claims);
  const [h, p] = token.split(".");
  const head = { ...JSON.parse(Buffer.from(h!, "base64url").toString()), ...header };
  const body = { ...JSON.parse(Buffer.from(p!, "base64url").toString()), ...payload };
  const input = `${Buffer.from(JSON.stringify(head)).toString("base64url")}.${Buffer.from(JSON.stringify(body)).toString("base64url")}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

const refusal = (token: string) =>
  verifyAccessToken(token).then(
    () => null,
    (error: { code?: string }) => error.code,
  );

describe("verifyAccessToken", () => {
  it("accepts what signAccessToken issues, and the same claims re-signed", async () => {
    const { token } = await signAccessToken(claims);
    expect(await verifyAccessToken(token)).toMatchObject({ sub: "user-1", sid: "session-1" });
    expect(await verifyAccessToken(await signed({}))).toMatchObject({ sub: "user-1" });
  });

  it("issues tokens jose verifies, with every claim of the contract", async () => {
    const { token, expiresIn } = await signAccessToken({ ...claims, org: "org-1", role: "owner" });
    const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(SECRET), {
      algorithms: ["HS256"],
      issuer: config().jwtIssuer,
      audience: config().JWT_AUDIENCE,
      requiredClaims: ["sub", "sid", "exp", "iat", "jti"],
    });
    expect(protectedHeader).toMatchObject({ alg: "HS256", typ: "JWT" });
    expect(payload).toMatchObject({
      sub: "user-1",
      sid: "session-1",
      org: "org-1",
      role: "owner",
      user_id: "user-1",
      tenant_id: "org-1",
      amr: ["pwd"],
      aal: "aal1",
    });
    expect(payload.exp! - payload.iat!).toBe(expiresIn);
  });

  it("accepts a token jose signs for the same issuer and audience", async () => {
    const token = await new SignJWT({ sid: "s" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u")
      .setIssuer(config().jwtIssuer)
      .setAudience([config().JWT_AUDIENCE, "other"])
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode(SECRET));
    expect(await verifyAccessToken(token)).toMatchObject({ sub: "u", sid: "s" });
  });

  it("refuses another secret, another algorithm, alg none, crit and b64 extensions", async () => {
    expect(await refusal(await signed({}, {}, "another-secret-another-secret-another-000"))).toBe("unauthorized");
    expect(await refusal(await signed({}, { alg: "HS512" }))).toBe("unauthorized");
    expect(await refusal(await signed({}, { alg: "none" }))).toBe("unauthorized");
    expect(await refusal(await signed({}, { crit: ["exp"] }))).toBe("unauthorized");
    expect(await refusal(await signed({}, { b64: false }))).toBe("unauthorized");
  });

  it("refuses a signature in any form but the one issued", async () => {
    const token = await signed({});
    // 32 bytes in 43 characters: the last one carries 2 unused bits a lenient decoder ignores.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const sibling = alphabet[alphabet.indexOf(token.at(-1)!) ^ 1]!;
    expect(Buffer.from(token.slice(-43), "base64url").equals(Buffer.from(token.slice(-43, -1) + sibling, "base64url"))).toBe(true);
    expect(await refusal(token.slice(0, -1) + sibling)).toBe("unauthorized");
    expect(await refusal(`${token}=`)).toBe("unauthorized");
    expect(await refusal(`${token}.`)).toBe("unauthorized");
  });

  it("refuses wrong issuer or audience, missing or mistyped claims, a future nbf", async () => {
    for (const change of [
      { iss: "https://evil.example" },
      { aud: "other" },
      { aud: ["other"] },
      { sub: undefined },
      { sid: 42 },
      { exp: "never" },
      { iat: null },
      { nbf: now() + 60 },
    ]) {
      expect(await refusal(await signed(change)), JSON.stringify(change)).toBe("unauthorized");
    }
  });

  it("answers token_expired at exp, with no tolerance", async () => {
    expect(await refusal(await signed({ exp: now() }))).toBe("token_expired");
    expect(await refusal(await signed({ exp: now() + 5 }))).toBeNull();
  });

  it("refuses what is not three base64url JSON objects", async () => {
    for (const token of ["", "a.b", "a.b.c.d", "bm90IGpzb24.e30.x", `${Buffer.from("[1]").toString("base64url")}.e30.x`]) {
      expect(await refusal(token), token).toBe("unauthorized");
    }
  });
});
