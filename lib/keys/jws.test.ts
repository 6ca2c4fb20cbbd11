import { generateKeyPairSync } from "node:crypto";
import { CompactSign, compactVerify } from "jose";
import { describe, expect, it } from "vitest";
import { signJws, verifyJws } from "./jws";
import type { Algorithm } from "./material";

// node:crypto's JWS signatures against jose's, both ways, for every algorithm a key is kept for.

const pairs = {
  ES256: generateKeyPairSync("ec", { namedCurve: "P-256" }),
  EdDSA: generateKeyPairSync("ed25519"),
  RS256: generateKeyPairSync("rsa", { modulusLength: 2048 }),
} satisfies Record<Algorithm, unknown>;

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe.each(Object.keys(pairs) as Algorithm[])("%s", (algorithm) => {
  const { publicKey, privateKey } = pairs[algorithm];
  const input = `${encode({ alg: algorithm, kid: "k" })}.${encode({ sub: "u" })}`;

  it("signs what jose verifies, and verifies what jose signs", async () => {
    const token = `${input}.${signJws(algorithm, privateKey, input)}`;
    const { protectedHeader } = await compactVerify(token, publicKey, { algorithms: [algorithm] });
    expect(protectedHeader.alg).toBe(algorithm);

    const signed = await new CompactSign(new TextEncoder().encode(JSON.stringify({ sub: "u" })))
      .setProtectedHeader({ alg: algorithm })
      .sign(privateKey);
    const [h, p, s] = signed.split(".") as [string, string, string];
    expect(verifyJws(algorithm, publicKey, `${h}.${p}`, s)).toBe(true);
  });

  it("refuses another input, a changed signature or one with padding, and a key of another type", () => {
    const signature = signJws(algorithm, privateKey, input);
    expect(verifyJws(algorithm, publicKey, `${input}x`, signature)).toBe(false);
    const flipped = Buffer.from(signature, "base64url");
    flipped[3]! ^= 1;
    expect(verifyJws(algorithm, publicKey, input, flipped.toString("base64url"))).toBe(false);
    expect(verifyJws(algorithm, publicKey, input, `${signature}=`)).toBe(false);
    const other = algorithm === "RS256" ? pairs.ES256.publicKey : pairs.RS256.publicKey;
    expect(verifyJws(algorithm, other, input, signature)).toBe(false);
  });
});

it("ES256 takes the raw r‖s signature only, not DER", () => {
  const { publicKey, privateKey } = pairs.ES256;
  const der = signJws("RS256", privateKey, "a.b"); // sha256 with the default (DER) encoding
  expect(verifyJws("ES256", publicKey, "a.b", der)).toBe(false);
});
