import { generateKeyPairSync } from "node:crypto";
import { compactVerify, CompactSign, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import type { PrivateJwk } from "@/lib/keys/private-jwks";
import { ThreadPoolSigningKey } from "./signing-keys";

// The provider's ID-token keys sign on the thread pool: what they sign must verify as the JWS
// jose would have made (for ES256 the r || s form, not DER), against the public key they expose.

function keyPair(alg: "RS256" | "ES256") {
  const { privateKey, publicKey } =
    alg === "RS256" ? generateKeyPairSync("rsa", { modulusLength: 2048 }) : generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = { ...privateKey.export({ format: "jwk" }), kid: `kid-${alg}`, alg, use: "sig" } as PrivateJwk;
  return { jwk, publicKey };
}

/** A compact JWS signed the way oidc-provider signs with an ExternalSigningKey (lib/helpers/jwt.js). */
async function signedWith(key: ThreadPoolSigningKey, alg: string) {
  const header = Buffer.from(JSON.stringify({ alg, kid: key.kid })).toString("base64url");
  const payload = Buffer.from(JSON.stringify({ sub: "someone" })).toString("base64url");
  const signature = Buffer.from(await key.sign(Buffer.from(`${header}.${payload}`))).toString("base64url");
  return `${header}.${payload}.${signature}`;
}

describe.each(["RS256", "ES256"] as const)("ThreadPoolSigningKey (%s)", (alg) => {
  it("signs what jose verifies with the key's public half, and describes itself as the JWK did", async () => {
    const { jwk, publicKey } = keyPair(alg);
    const key = new ThreadPoolSigningKey(jwk);
    expect([key.kid, key.alg, key.use, key.kty]).toEqual([jwk.kid, alg, "sig", jwk.kty]);
    const jws = await signedWith(key, alg);
    const verified = await compactVerify(jws, publicKey);
    expect(JSON.parse(new TextDecoder().decode(verified.payload))).toEqual({ sub: "someone" });
    expect(decodeProtectedHeader(jws).kid).toBe(jwk.kid);
    expect((await compactVerify(jws, key.keyObject())).protectedHeader.alg).toBe(alg);
  });

  it("makes signatures of the size jose's own have (ES256: 64 bytes r || s, not DER)", async () => {
    const { jwk } = keyPair(alg);
    const ours = (await signedWith(new ThreadPoolSigningKey(jwk), alg)).split(".")[2]!;
    const jose = (await new CompactSign(Buffer.from("x")).setProtectedHeader({ alg }).sign(jwk)).split(".")[2]!;
    expect(Buffer.from(ours, "base64url").length).toBe(Buffer.from(jose, "base64url").length);
  });
});
