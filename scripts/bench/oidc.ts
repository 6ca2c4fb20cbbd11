// Issue 28's OpenID Provider rows: refresh at the provider's token endpoint (a confidential
// client, refresh tokens rotating) beside our own refresh, and userinfo with the provider's
// access token. What they spend is seeded through the running app the way a relying party gets
// it: a person signs in on /login (Auth.js, a cookie jar), and each chain is one whole
// authorization-code flow with PKCE (/api/oidc/auth → our interaction → the code → the token
// endpoint) in a provider session of its own, so every chain is its own grant and a token spent by
// one chain never touches another.
import { createHash, randomBytes } from "node:crypto";
import type autocannon from "autocannon";
import { Jar } from "../lib/cookie-jar";
import type { BenchApp } from "./app";
import { load, loadRefresh, type Rotation } from "./load";
import { PASSWORD, register, rotationChains } from "./seed";
import { runWithLib } from "./with-lib";

/** Registered, never dialled: the bench reads the code off the redirect. */
const REDIRECT_URI = "http://127.0.0.1/bench/callback";
const SCOPE = "openid offline_access email profile";
/** Authorization flows walked at once while seeding. */
const SEEDING_CONCURRENCY = 4;

export interface OidcSeed {
  clientId: string;
  clientSecret: string;
  /** The newest refresh token of every chain; the scenarios take them and put the rotated ones back. */
  refreshTokens: string[];
}

interface TokenAnswer {
  access_token: string;
  refresh_token: string;
  id_token: string;
}

const basic = (seed: Pick<OidcSeed, "clientId" | "clientSecret">) =>
  `Basic ${Buffer.from(`${encodeURIComponent(seed.clientId)}:${encodeURIComponent(seed.clientSecret)}`).toString("base64")}`;

/** POST /api/oidc/token with grant_type=refresh_token, client_secret_basic. */
export const providerRefresh = (seed: OidcSeed): Rotation => ({
  path: "/api/oidc/token",
  headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic(seed) },
  body: (token) => new URLSearchParams({ grant_type: "refresh_token", refresh_token: token }).toString(),
});

async function tokenRequest(base: string, seed: OidcSeed, params: Record<string, string>): Promise<TokenAnswer> {
  const res = await fetch(`${base}/api/oidc/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic(seed) },
    body: new URLSearchParams(params).toString(),
  });
  const body = (await res.json()) as TokenAnswer & { error?: string };
  if (!res.ok || !body.refresh_token)
    throw new Error(`POST /api/oidc/token (${params.grant_type}) → ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** Signs the person in on /login, as the form does: a jar holding the Auth.js session. */
async function browserSignIn(base: string, email: string): Promise<Jar> {
  const jar = new Jar();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  jar.take(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signedIn = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ email, password: PASSWORD, csrfToken, callbackUrl: "/profile" }).toString(),
  });
  jar.take(signedIn);
  if (!jar.hasSession()) throw new Error(`The bench's browser sign-in failed: ${signedIn.status} → ${signedIn.headers.get("location")}`);
  return jar;
}

/** One authorization-code flow with PKCE, in a fresh provider session of the signed-in browser: a new chain. */
async function newChain(base: string, seed: OidcSeed, browser: Jar): Promise<TokenAnswer> {
  const jar = browser.only((name) => name.startsWith("authjs."));
  const verifier = randomBytes(32).toString("base64url");
  let next = `${base}/api/oidc/auth?${new URLSearchParams({
    client_id: seed.clientId,
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    scope: SCOPE,
    // offline_access (a refresh token) is granted only when consent is asked (OpenID Connect Core §11).
    prompt: "consent",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    state: randomBytes(8).toString("base64url"),
    nonce: randomBytes(8).toString("base64url"),
  })}`;
  // The browser follows the redirects with its cookies (the interaction answers the login prompt
  // from the Auth.js session and grants a first-party client at once) until the client's redirect.
  for (let hops = 0; hops < 10 && !next.startsWith(REDIRECT_URI); hops++) {
    const res = await fetch(next, { redirect: "manual", headers: { cookie: jar.header() } });
    jar.take(res);
    const location = res.headers.get("location");
    if (!location) throw new Error(`${next} → ${res.status} without a redirect: ${await res.text()}`);
    next = new URL(location, next).toString();
  }
  const code = next.startsWith(REDIRECT_URI) ? new URL(next).searchParams.get("code") : null;
  if (!code) throw new Error(`The authorization flow ended at ${next}, not with a code`);
  return tokenRequest(base, seed, { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
}

/**
 * The client (its ID tokens RS256, OpenID Connect's default, or ES256, a client's choice), and as
 * many chains as the first-party refresh tokens (rotationChains, seed.ts).
 */
export async function seedOidc(app: BenchApp, idTokenSigningAlg: "RS256" | "ES256" = "RS256"): Promise<OidcSeed> {
  const person = await register(app.base, `oidc-${idTokenSigningAlg.toLowerCase()}`);
  const client = await runWithLib<{ id: string; clientSecret: string }>(
    "oidc-client.ts",
    [person.user.id, REDIRECT_URI, idTokenSigningAlg],
    app,
  );
  const seed: OidcSeed = { clientId: client.id, clientSecret: client.clientSecret, refreshTokens: [] };
  const browser = await browserSignIn(app.base, person.email);
  const chains = rotationChains();
  let started = 0;
  await Promise.all(
    Array.from({ length: SEEDING_CONCURRENCY }, async () => {
      while (started++ < chains) seed.refreshTokens.push((await newChain(app.base, seed, browser)).refresh_token);
    }),
  );
  return seed;
}

/** Provider refresh-token rotations, warmed up like every other scenario (load.ts). */
export const providerRefreshes = (base: string, seed: OidcSeed) => loadRefresh(base, seed.refreshTokens, providerRefresh(seed));

/**
 * GET /api/oidc/me with the provider's access token. The token is a fresh one, from one rotation
 * of a chain (whose next token goes back in the queue), so a long run never meets an expired one.
 */
export async function userinfoLoad(base: string, seed: OidcSeed): Promise<autocannon.Result> {
  return load(`${base}/api/oidc/me`, { headers: { authorization: `Bearer ${await providerAccessToken(base, seed)}` } });
}

export async function providerAccessToken(base: string, seed: OidcSeed): Promise<string> {
  const token = seed.refreshTokens.shift();
  if (!token) throw new Error("The bench ran out of provider refresh tokens: seed more spares.");
  const answer = await tokenRequest(base, seed, { grant_type: "refresh_token", refresh_token: token });
  seed.refreshTokens.push(answer.refresh_token);
  return answer.access_token;
}
