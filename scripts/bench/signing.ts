// What one token signature costs, by algorithm and by signer, in a child process (with-lib.ts):
// ID tokens as the OpenID Provider signs them (oidc-provider hands jose's CompactSign the private
// JWK of its keystore, which jose imports once and signs through WebCrypto), and first-party access
// tokens as lib/auth/jwt.ts signs them (lib/keys/jws.ts: node:crypto, synchronously). The same ID
// token is also signed through lib/keys/jws.ts, so the table shows what the signer costs apart from
// the algorithm. Keys as lib/keys/material.ts makes them (RSA 2048, P-256, Ed25519).
//   tsx --conditions=react-server scripts/bench/signing.ts <seconds per row>
// Prints one SigningCost per row, one signature at a time.
import { generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import { CompactSign, type JWK } from "jose";
import { signJws } from "../../lib/keys/jws";
import type { Algorithm } from "../../lib/keys/material";
import { percentile } from "./stats";

export interface SigningCost {
  token: "ID token" | "access token";
  algorithm: Algorithm;
  signer: "jose (oidc-provider)" | "node:crypto (lib/keys/jws.ts)";
  /** Wall-clock µs per signature, one at a time: mean and p99. */
  meanUs: number;
  p99Us: number;
  /** CPU µs per signature, every thread of the process (WebCrypto signs on the thread pool). */
  cpuUs: number;
  perSecond: number;
}

function keyPair(algorithm: Algorithm): KeyObject {
  switch (algorithm) {
    case "RS256":
      return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    case "ES256":
      return generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    case "EdDSA":
      return generateKeyPairSync("ed25519").privateKey;
  }
}

const now = () => Math.floor(Date.now() / 1000);
const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** An ID token as the provider issues it on refresh with `openid email profile` (claims from lib/oidc/accounts.ts). */
const idTokenPayload = () => ({
  sub: "cm4benchuser0000000000000",
  email: "bench@example.test",
  email_verified: true,
  name: "Bench Person",
  given_name: "Bench",
  family_name: "Person",
  updated_at: now(),
  at_hash: "Xb5Vd8p3e1Q6m0Vn2rD0cw",
  sid: randomUUID(),
  auth_time: now(),
  acr: "aal1",
  aud: "oc_benchclient0000000000",
  exp: now() + 3600,
  iat: now(),
  iss: "https://auth.example.test",
});

/** An access token's claims as lib/auth/jwt.ts writes them. */
const accessTokenPayload = () => ({
  sid: randomUUID(),
  org: "cm4benchorg00000000000000",
  role: "owner",
  email: "bench@example.test",
  amr: ["pwd"],
  aal: "aal1",
  user_id: "cm4benchuser0000000000000",
  tenant_id: "cm4benchorg00000000000000",
  sub: "cm4benchuser0000000000000",
  iss: "https://auth.example.test",
  aud: "keystone",
  iat: now(),
  exp: now() + 3600,
  jti: randomUUID(),
});

type Case = Pick<SigningCost, "token" | "algorithm" | "signer">;

function signer({ token, algorithm, signer }: Case): () => Promise<string> | string {
  const key = keyPair(algorithm);
  const payload = token === "ID token" ? idTokenPayload : accessTokenPayload;
  if (signer === "jose (oidc-provider)") {
    // The keystore's object, as oidc-provider passes it (jose caches its import per object).
    const jwk = Object.freeze({ ...(key.export({ format: "jwk" }) as JWK), alg: algorithm, kid: "bench" });
    const header = { alg: algorithm, typ: "JWT", kid: "bench" };
    return () => new CompactSign(Buffer.from(JSON.stringify(payload()))).setProtectedHeader(header).sign(jwk);
  }
  const header = segment({ alg: algorithm, typ: token === "ID token" ? "JWT" : "at+jwt", kid: "bench" });
  return () => {
    const input = `${header}.${segment(payload())}`;
    return `${input}.${signJws(algorithm, key, input)}`;
  };
}

async function measure(which: Case, seconds: number): Promise<SigningCost> {
  const sign = signer(which);
  for (let i = 0; i < 200; i++) await sign(); // JIT, and jose's key import
  const times: number[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) {
    const at = performance.now();
    await sign();
    times.push((performance.now() - at) * 1000);
  }
  const elapsed = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    ...which,
    meanUs: round((elapsed * 1000) / times.length),
    p99Us: round(percentile(times, 99)),
    cpuUs: round((used.user + used.system) / times.length),
    perSecond: Math.round(times.length / (elapsed / 1000)),
  };
}

const CASES: Case[] = [
  { token: "ID token", algorithm: "RS256", signer: "jose (oidc-provider)" },
  { token: "ID token", algorithm: "ES256", signer: "jose (oidc-provider)" },
  { token: "ID token", algorithm: "RS256", signer: "node:crypto (lib/keys/jws.ts)" },
  { token: "ID token", algorithm: "ES256", signer: "node:crypto (lib/keys/jws.ts)" },
  { token: "access token", algorithm: "ES256", signer: "node:crypto (lib/keys/jws.ts)" },
  { token: "access token", algorithm: "EdDSA", signer: "node:crypto (lib/keys/jws.ts)" },
];

const seconds = Number(process.argv[2] ?? 1);
const costs: SigningCost[] = [];
for (const which of CASES) costs.push(await measure(which, seconds));
console.log(JSON.stringify(costs));
process.exit(0);
