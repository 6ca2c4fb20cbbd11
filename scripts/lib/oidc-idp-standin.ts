// A generic OpenID Connect identity provider for the enterprise SSO tests (an organization's
// Okta or Entra ID, as the app's openid-client sees it): discovery, the authorization-code flow
// with PKCE S256 required, client_secret_basic and client_secret_post, RS256 ID tokens from a
// key published at the JWKS endpoint, userinfo. Issuer: <base>/oidc.
//
//   GET  /oidc/.well-known/openid-configuration   discovery (also /.well-known/openid-configuration/oidc)
//   GET  /oidc/authorize?…                        a sign-in page: "Email", a checkbox "Email verified"
//                                                 (on by default), "Sign in" → redirect with the code
//        … &login_hint=<email>&auto=1             for tests without a browser: redirects at once (302);
//          [&email_verified=false][&mode=<mode>]  the code's identity and misbehaviour
//          [&sub=…][&name=…]
//   POST /oidc/token                              authorization_code + code_verifier → tokens
//   GET  /oidc/jwks                               the signing key
//   GET|POST /oidc/userinfo                       the identity behind an access token
//   POST /clients {id, secret, redirectUris}      registers (or replaces) a client; DELETE /clients/<id>
//   POST /control {mode, email?}                  the next authorization (for `email`, or anyone's) misbehaves
//   DELETE /control;  GET /__health
//
// Modes (OIDC_IDP_MODES): what the ID token of that code gets wrong, each something the app must
// refuse: wrong-issuer, wrong-audience, wrong-nonce, no-nonce, expired, unknown-key (signed by a
// key the JWKS does not hold), hs256 (signed with the client secret instead of the IdP's key).
import { createHash, generateKeyPairSync, randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";
import { exportJWK, SignJWT } from "jose";
import { escapeHtml, handler, hiddenInputs, listen, page, readBody, redirect, sendHtml, sendJson } from "./standin-http";

export const OIDC_IDP_MODES = ["wrong-issuer", "wrong-audience", "wrong-nonce", "no-nonce", "expired", "unknown-key", "hs256"] as const;
export type OidcIdpMode = (typeof OIDC_IDP_MODES)[number];

export interface OidcClient {
  id: string;
  secret: string;
  /** Compared exactly, as the app's own provider does. */
  redirectUris: string[];
}

export interface OidcIdentity {
  sub: string;
  email: string;
  email_verified: boolean;
  name?: string;
}

export interface OidcIdpStandIn {
  /** http://127.0.0.1:<port> (control endpoints live here) */
  url: string;
  /** <url>/oidc: what an organization's owner enters as `issuer`. */
  issuer: string;
  /** Registers or replaces a client (as POST /clients does). */
  addClient(client: OidcClient): void;
  close(): Promise<void>;
}

interface Grant {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce: string | null;
  scope: string;
  identity: OidcIdentity;
  mode: OidcIdpMode | undefined;
  expiresAt: number;
  authTime: number;
}

const CODE_TTL_MS = 60_000;
const AUTHORIZE_PARAMS = [
  "client_id",
  "redirect_uri",
  "response_type",
  "scope",
  "state",
  "nonce",
  "code_challenge",
  "code_challenge_method",
];

/** A stable subject per address, as an IdP keeps one per account. */
export const oidcSubject = (email: string) => `sub-${createHash("sha256").update(email.toLowerCase()).digest("hex").slice(0, 24)}`;

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};
// client_secret_basic form-encodes id and secret before base64 (RFC 6749 §2.3.1).
const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, " "));

function parseMode(value: unknown): OidcIdpMode | undefined {
  if (value == null || value === "") return undefined;
  if (!(OIDC_IDP_MODES as readonly string[]).includes(String(value))) {
    throw new Error(`Unknown mode "${String(value)}" (modes: ${OIDC_IDP_MODES.join(", ")})`);
  }
  return value as OidcIdpMode;
}

export async function startOidcIdpStandIn(port: number, options: { clients?: OidcClient[] } = {}): Promise<OidcIdpStandIn> {
  const url = `http://127.0.0.1:${port}`;
  const issuer = `${url}/oidc`;
  const signing = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = randomBytes(8).toString("hex");
  const jwk = { ...(await exportJWK(signing.publicKey)), kid, use: "sig", alg: "RS256" };

  const clients = new Map<string, OidcClient>();
  const addClient = (client: OidcClient) => void clients.set(client.id, { ...client, redirectUris: [...client.redirectUris] });
  for (const client of options.clients ?? []) addClient(client);
  const codes = new Map<string, Grant>();
  const accessTokens = new Map<string, OidcIdentity>();
  let queue: { mode: OidcIdpMode; email?: string }[] = [];

  const discovery = {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    userinfo_endpoint: `${issuer}/userinfo`,
    jwks_uri: `${issuer}/jwks`,
    response_types_supported: ["code"],
    grant_types_supported: ["authorization_code"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    scopes_supported: ["openid", "email", "profile"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    code_challenge_methods_supported: ["S256"],
    claims_supported: ["iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "email", "email_verified", "name"],
    authorization_response_iss_parameter_supported: true,
  };

  async function idToken(grant: Grant) {
    const now = Math.floor(Date.now() / 1000);
    const expired = grant.mode === "expired";
    const nonce = grant.mode === "wrong-nonce" ? randomBytes(16).toString("base64url") : grant.nonce;
    const claims = {
      ...grant.identity,
      auth_time: Math.floor(grant.authTime / 1000),
      ...(nonce && grant.mode !== "no-nonce" ? { nonce } : {}),
    };
    const jwt = new SignJWT(claims)
      .setIssuer(grant.mode === "wrong-issuer" ? "https://wrong-issuer.invalid/oidc" : issuer)
      .setAudience(grant.mode === "wrong-audience" ? "some-other-client" : grant.clientId)
      .setSubject(grant.identity.sub)
      .setIssuedAt(expired ? now - 7200 : now)
      .setExpirationTime(expired ? now - 3600 : now + 3600);
    if (grant.mode === "hs256") {
      return jwt.setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(Buffer.from(clients.get(grant.clientId)!.secret));
    }
    const key = grant.mode === "unknown-key" ? stranger.privateKey : signing.privateKey;
    return jwt.setProtectedHeader({ alg: "RS256", kid: grant.mode === "unknown-key" ? "unknown-kid" : kid, typ: "JWT" }).sign(key);
  }

  /** Checks what the authorization request must carry; answers the error to show or to send back. */
  function checkAuthorize(params: URLSearchParams): { show: string } | { back: string; description: string } | { client: OidcClient } {
    const client = clients.get(params.get("client_id") ?? "");
    if (!client) return { show: `Unknown client_id "${params.get("client_id") ?? ""}"` };
    if (!client.redirectUris.includes(params.get("redirect_uri") ?? "")) {
      return { show: `redirect_uri "${params.get("redirect_uri") ?? ""}" is not registered for this client` };
    }
    if (params.get("response_type") !== "code") return { back: "unsupported_response_type", description: "Only response_type=code" };
    if (!(params.get("scope") ?? "").split(" ").includes("openid"))
      return { back: "invalid_scope", description: "scope must include openid" };
    if (!params.get("code_challenge") || params.get("code_challenge_method") !== "S256") {
      return { back: "invalid_request", description: "PKCE with code_challenge_method=S256 is required" };
    }
    return { client };
  }

  function backTo(params: URLSearchParams, values: Record<string, string>) {
    const target = new URL(params.get("redirect_uri")!);
    for (const [name, value] of Object.entries(values)) target.searchParams.set(name, value);
    if (params.get("state") != null) target.searchParams.set("state", params.get("state")!);
    target.searchParams.set("iss", issuer);
    return target.toString();
  }

  function issueCode(params: URLSearchParams, identity: OidcIdentity, requested: OidcIdpMode | undefined) {
    let mode = requested;
    if (!mode) {
      const at = queue.findIndex((q) => !q.email || q.email.toLowerCase() === identity.email.toLowerCase());
      if (at >= 0) mode = queue.splice(at, 1)[0]!.mode;
    }
    const code = randomBytes(24).toString("base64url");
    codes.set(code, {
      clientId: params.get("client_id")!,
      redirectUri: params.get("redirect_uri")!,
      codeChallenge: params.get("code_challenge")!,
      nonce: params.get("nonce"),
      scope: params.get("scope") ?? "openid",
      identity,
      mode,
      expiresAt: Date.now() + CODE_TTL_MS,
      authTime: Date.now(),
    });
    return backTo(params, { code });
  }

  const identityFrom = (params: URLSearchParams, email: string, verified: boolean): OidcIdentity => ({
    sub: params.get("sub") || oidcSubject(email),
    email,
    email_verified: verified,
    ...(params.get("name") ? { name: params.get("name")! } : {}),
  });

  const server = http.createServer(
    handler(async (req, res) => {
      const requestUrl = new URL(req.url ?? "/", url);
      const route = `${req.method} ${requestUrl.pathname}`;

      if (route === "GET /__health") return sendJson(res, 200, { ok: true });
      if (route === "GET /oidc/.well-known/openid-configuration" || route === "GET /.well-known/openid-configuration/oidc") {
        return sendJson(res, 200, discovery);
      }
      if (route === "GET /oidc/jwks") return sendJson(res, 200, { keys: [jwk] });

      if (route === "POST /clients") {
        const body = JSON.parse((await readBody(req)) || "{}") as Partial<OidcClient>;
        if (!body.id || !body.secret || !Array.isArray(body.redirectUris)) {
          return sendJson(res, 400, { error: "id, secret and redirectUris (string[]) are required" });
        }
        addClient({ id: body.id, secret: body.secret, redirectUris: body.redirectUris });
        return sendJson(res, 201, clients.get(body.id));
      }
      if (req.method === "DELETE" && requestUrl.pathname.startsWith("/clients/")) {
        clients.delete(decodeURIComponent(requestUrl.pathname.slice("/clients/".length)));
        res.writeHead(204);
        return void res.end();
      }
      if (route === "POST /control") {
        const body = JSON.parse((await readBody(req)) || "{}") as { mode?: string; email?: string };
        const mode = parseMode(body.mode);
        if (!mode) return sendJson(res, 400, { error: "mode required", modes: OIDC_IDP_MODES });
        queue.push({ mode, email: body.email });
        return sendJson(res, 200, { queued: queue });
      }
      if (route === "DELETE /control") {
        queue = [];
        return sendJson(res, 200, { queued: queue });
      }

      if (route === "GET /oidc/authorize" || route === "POST /oidc/authorize") {
        const params = req.method === "GET" ? requestUrl.searchParams : new URLSearchParams(await readBody(req));
        const checked = checkAuthorize(params);
        if ("show" in checked) return sendHtml(res, 400, page("Sign-in request refused", `<p>${escapeHtml(checked.show)}</p>`));
        if ("back" in checked) return redirect(res, backTo(params, { error: checked.back, error_description: checked.description }));
        const hint = params.get("login_hint")?.trim();

        if (req.method === "GET" && params.get("auto") === "1") {
          if (!hint) return sendJson(res, 400, { error: "invalid_request", error_description: "auto=1 needs login_hint=<email>" });
          const identity = identityFrom(params, hint, params.get("email_verified") !== "false");
          return redirect(res, issueCode(params, identity, parseMode(params.get("mode"))));
        }
        if (req.method === "POST") {
          const email = params.get("email")?.trim();
          if (!email) return sendHtml(res, 400, page("Sign-in failed", "<p>Enter an email address.</p>"));
          const identity = identityFrom(params, email, params.get("email_verified") === "on");
          return redirect(res, issueCode(params, identity, parseMode(params.get("mode"))), 303);
        }
        const carried = Object.fromEntries(AUTHORIZE_PARAMS.map((name) => [name, params.get(name)]));
        return sendHtml(
          res,
          200,
          page(
            "Sign in to the test identity provider",
            `<p>Client ${escapeHtml(checked.client.id)} asks who you are.</p>` +
              `<form method="post" action="/oidc/authorize">` +
              `<label for="email">Email</label>` +
              `<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(hint ?? "")}">` +
              `<label class="check"><input type="checkbox" name="email_verified" checked>Email verified</label>` +
              hiddenInputs(carried) +
              `<button type="submit">Sign in</button>` +
              `</form>`,
          ),
        );
      }

      if (route === "POST /oidc/token") {
        const form = new URLSearchParams(await readBody(req));
        const authorization = req.headers.authorization ?? "";
        let clientId: string | null;
        let secret: string | null;
        if (/^Basic /i.test(authorization)) {
          if (form.has("client_secret"))
            return sendJson(res, 400, { error: "invalid_request", error_description: "two client authentications" });
          const decoded = Buffer.from(authorization.slice(6), "base64").toString("utf8");
          const colon = decoded.indexOf(":");
          clientId = colon < 0 ? null : formDecode(decoded.slice(0, colon));
          secret = colon < 0 ? null : formDecode(decoded.slice(colon + 1));
        } else {
          clientId = form.get("client_id");
          secret = form.get("client_secret");
        }
        const client = clients.get(clientId ?? "");
        if (!client || secret == null || !sameSecret(secret, client.secret)) {
          return sendJson(res, 401, { error: "invalid_client" }, { "www-authenticate": 'Basic realm="oidc"' });
        }
        if (form.get("grant_type") !== "authorization_code") return sendJson(res, 400, { error: "unsupported_grant_type" });
        const code = form.get("code") ?? "";
        const grant = codes.get(code);
        codes.delete(code);
        if (!grant || grant.expiresAt < Date.now() || grant.clientId !== client.id || grant.redirectUri !== form.get("redirect_uri")) {
          return sendJson(res, 400, { error: "invalid_grant" });
        }
        const verifier = form.get("code_verifier") ?? "";
        if (!verifier || createHash("sha256").update(verifier).digest("base64url") !== grant.codeChallenge) {
          return sendJson(res, 400, { error: "invalid_grant", error_description: "code_verifier does not match the code_challenge" });
        }
        const accessToken = randomBytes(24).toString("base64url");
        accessTokens.set(accessToken, grant.identity);
        return sendJson(res, 200, {
          access_token: accessToken,
          token_type: "Bearer",
          expires_in: 3600,
          scope: grant.scope,
          id_token: await idToken(grant),
        });
      }

      if (route === "GET /oidc/userinfo" || route === "POST /oidc/userinfo") {
        const identity = accessTokens.get((req.headers.authorization ?? "").replace(/^Bearer /i, ""));
        if (!identity) return sendJson(res, 401, { error: "invalid_token" }, { "www-authenticate": 'Bearer error="invalid_token"' });
        return sendJson(res, 200, identity);
      }

      sendJson(res, 404, { error: "not_found" });
    }),
  );

  const { close } = await listen(server, port);
  return { url, issuer, addClient, close };
}
