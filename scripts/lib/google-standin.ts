// A local stand-in for Google's OpenID Connect endpoints, next to the GitHub one, so the real
// Auth.js Google provider runs its whole flow in end-to-end tests without the internet: discovery,
// authorization (auto-approved), the code exchange with PKCE, an id_token signed with RS256 by a
// key served at the JWKS endpoint, and userinfo.
//
//   POST /__identity {sub, email, email_verified, name}   who the next authorization signs in as
//   GET  /.well-known/openid-configuration                discovery (issuer = this server's URL)
//   GET  /o/oauth2/v2/auth                                auto-approves, redirects with a code
//   POST /token                                           code (+ code_verifier) → tokens and id_token
//   GET  /oauth2/v3/certs                                 the JWKS holding the signing key
//   GET  /v1/userinfo                                     the profile behind an access token
import { createHash, createSign, generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";

export interface GoogleIdentity {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
}

interface Grant {
  identity: GoogleIdentity;
  redirectUri: string;
  nonce: string | null;
  codeChallenge: string | null;
}

const b64url = (value: Buffer | string) => Buffer.from(value).toString("base64url");

export function startGoogleStandIn(port: number, client: { id: string; secret: string }) {
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = randomBytes(8).toString("hex");
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, use: "sig", alg: "RS256" };

  let next: GoogleIdentity = { sub: "100000000000000000001", email: "someone@example.com", email_verified: true, name: "Some One" };
  const codes = new Map<string, Grant>();
  const tokens = new Map<string, GoogleIdentity>();

  function idToken(identity: GoogleIdentity, nonce: string | null) {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: "RS256", kid, typ: "JWT" };
    const claims = { iss: issuer, azp: client.id, aud: client.id, iat: now, exp: now + 3600, ...identity, ...(nonce ? { nonce } : {}) };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    return `${input}.${b64url(createSign("RSA-SHA256").update(input).sign(privateKey))}`;
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(body));
    };

    if (url.pathname === "/__health") return json(200, { ok: true });
    if (req.method === "POST" && url.pathname === "/__identity") {
      next = { ...next, ...(JSON.parse(raw || "{}") as Partial<GoogleIdentity>) };
      return json(200, next);
    }
    if (req.method === "GET" && url.pathname === "/.well-known/openid-configuration") {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/o/oauth2/v2/auth`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/v1/userinfo`,
        jwks_uri: `${issuer}/oauth2/v3/certs`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        scopes_supported: ["openid", "email", "profile"],
        token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
        code_challenge_methods_supported: ["S256"],
        claims_supported: ["sub", "email", "email_verified", "name", "iss", "aud", "iat", "exp", "nonce"],
      });
    }
    if (req.method === "GET" && url.pathname === "/oauth2/v3/certs") return json(200, { keys: [jwk] });
    if (req.method === "GET" && url.pathname === "/o/oauth2/v2/auth") {
      const redirectUri = url.searchParams.get("redirect_uri");
      if (url.searchParams.get("client_id") !== client.id || !redirectUri) return json(400, { error: "invalid_client" });
      if (url.searchParams.get("response_type") !== "code") return json(400, { error: "unsupported_response_type" });
      if (url.searchParams.has("code_challenge") && url.searchParams.get("code_challenge_method") !== "S256")
        return json(400, { error: "invalid_request" });
      const code = randomBytes(16).toString("hex");
      codes.set(code, {
        identity: next,
        redirectUri,
        nonce: url.searchParams.get("nonce"),
        codeChallenge: url.searchParams.get("code_challenge"),
      });
      const back = new URL(redirectUri);
      back.searchParams.set("code", code);
      if (url.searchParams.has("state")) back.searchParams.set("state", url.searchParams.get("state")!);
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (req.method === "POST" && url.pathname === "/token") {
      const form = new URLSearchParams(raw);
      const basic = Buffer.from((req.headers.authorization ?? "").replace(/^Basic /, ""), "base64").toString();
      const [id, secret] = basic.includes(":")
        ? basic.split(":").map(decodeURIComponent)
        : [form.get("client_id"), form.get("client_secret")];
      if (id !== client.id || secret !== client.secret) return json(401, { error: "invalid_client" });
      const grant = codes.get(form.get("code") ?? "");
      codes.delete(form.get("code") ?? "");
      if (form.get("grant_type") !== "authorization_code" || !grant || grant.redirectUri !== form.get("redirect_uri")) {
        return json(400, { error: "invalid_grant" });
      }
      if (grant.codeChallenge) {
        const verifier = form.get("code_verifier") ?? "";
        if (createHash("sha256").update(verifier).digest("base64url") !== grant.codeChallenge)
          return json(400, { error: "invalid_grant", error_description: "code_verifier" });
      }
      const accessToken = `ya29.${randomBytes(16).toString("hex")}`;
      tokens.set(accessToken, grant.identity);
      return json(200, {
        access_token: accessToken,
        token_type: "Bearer",
        expires_in: 3599,
        scope: "openid email profile",
        id_token: idToken(grant.identity, grant.nonce),
      });
    }
    if (req.method === "GET" && url.pathname === "/v1/userinfo") {
      const who = tokens.get((req.headers.authorization ?? "").replace(/^Bearer /i, ""));
      if (!who) return json(401, { error: "invalid_token" });
      return json(200, who);
    }
    json(404, { error: "not_found" });
  });

  return new Promise<{ url: string; close(): Promise<void> }>((resolve) =>
    server.listen(port, "127.0.0.1", () => resolve({ url: issuer, close: () => new Promise((r) => server.close(() => r())) })),
  );
}
