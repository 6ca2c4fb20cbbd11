// A local SAML 2.0 identity provider for the SSO tests: the app's service provider sends people
// to it with an HTTP-Redirect AuthnRequest and receives an HTTP-POST Response, signed with the
// test-only key of tests/fixtures/sso/idp, exactly as from Okta or Entra ID. Stateless: every
// answer is built from the AuthnRequest it answers (scripts/lib/saml-idp.ts).
//
//   GET  /metadata[?certs=idp,idp-next]   IdP metadata: entity id <base>/saml, SSO URL <base>/saml/sso,
//                                         the `idp` signing certificate (or those listed)
//   GET  /saml/sso?SAMLRequest&RelayState a sign-in page (label "Email", button "Sign in"); POST with
//                                         the same fields as a form (HTTP-POST binding) works too
//        … &login_hint=<email>&auto=1     for tests without a browser: answers JSON at once,
//        [&mode=<mode>][&inject=<email>]   { acsUrl, SAMLResponse, RelayState, responseId, assertionId }
//   POST /saml/login                      the page's form → an HTML page whose form posts SAMLResponse
//                                         and RelayState to the ACS URL (by script, or "Continue")
//   POST /control {mode, email?, inject?} the next response (for `email`, or anyone's) misbehaves
//   DELETE /control                       forgets queued modes;  GET /__health
//
// Modes (SAML_IDP_MODES): what the next response gets wrong, each an attack or a mistake the
// app's SP must refuse (or, for "response-signed", "both-signed" and "idp-next", accept when
// configured so). The Signature parameter of the redirect binding is ignored.
import http from "node:http";
import {
  buildSamlResponse,
  commentInjectionResponse,
  doctypeResponse,
  idpMetadataXml,
  oversizedResponse,
  parseAuthnRequest,
  samlCertificate,
  samlId,
  signatureWrappingResponse,
  SAML_KEY_NAMES,
  WRAPPING_VARIANTS,
  type BuiltSamlResponse,
  type ParsedAuthnRequest,
  type SamlKeyName,
  type SamlResponseOptions,
} from "./saml-idp";
import { escapeHtml, handler, hiddenInputs, listen, page, readBody, sendHtml, sendJson } from "./standin-http";

export const SAML_IDP_MODES = [
  "unsigned",
  "response-signed",
  "both-signed",
  "other-idp",
  "idp-next",
  "rsa-sha1",
  "wrong-issuer",
  "wrong-audience",
  "wrong-recipient",
  "wrong-destination",
  "wrong-in-response-to",
  "no-in-response-to",
  "expired",
  "not-yet-valid",
  "failure-status",
  "comment-injection",
  "doctype",
  "oversized",
  ...WRAPPING_VARIANTS.map((v) => `xsw-${v}` as const),
] as const;
export type SamlIdpMode = (typeof SAML_IDP_MODES)[number];

export interface SamlIdpStandIn {
  /** http://127.0.0.1:<port> */
  url: string;
  /** <url>/saml: the Issuer of every response, the entityID of the metadata. */
  entityId: string;
  /** <url>/saml/sso: the HTTP-Redirect SSO endpoint. */
  ssoUrl: string;
  /** <url>/metadata */
  metadataUrl: string;
  close(): Promise<void>;
}

interface Queued {
  mode: SamlIdpMode;
  email?: string;
  inject?: string;
}

export interface SamlLogin {
  request: ParsedAuthnRequest;
  email: string;
  mode?: SamlIdpMode;
  /** For the xsw-* modes: whose unsigned assertion is injected (default attacker@<the email's domain>). */
  inject?: string;
  issuer: string;
}

const SKEW_PROOF_MS = 10 * 60_000;

/** The response the stand-in answers a sign-in with: a signed assertion for `email`, or what `mode` makes of it. */
export function samlLoginResponse(login: SamlLogin): BuiltSamlResponse {
  const { request, email, mode } = login;
  if (!request.acsUrl) throw new Error("AuthnRequest without AssertionConsumerServiceURL: this stand-in needs the ACS URL in the request");
  const options: SamlResponseOptions = {
    issuer: login.issuer,
    destination: request.acsUrl,
    recipient: request.acsUrl,
    audience: request.issuer,
    inResponseTo: request.id,
    nameId: email,
    attributes: { email },
  };
  const now = Date.now();
  switch (mode) {
    case undefined:
      return buildSamlResponse(options);
    case "unsigned":
      return buildSamlResponse({ ...options, sign: "none" });
    case "response-signed":
      return buildSamlResponse({ ...options, sign: "response" });
    case "both-signed":
      return buildSamlResponse({ ...options, sign: "both" });
    case "other-idp":
    case "idp-next":
      return buildSamlResponse({ ...options, key: mode });
    case "rsa-sha1":
      return buildSamlResponse({ ...options, algorithm: "rsa-sha1" });
    case "wrong-issuer":
      return buildSamlResponse({ ...options, issuer: "https://wrong-issuer.invalid/saml" });
    case "wrong-audience":
      return buildSamlResponse({ ...options, audience: "https://wrong-audience.invalid/sp" });
    case "wrong-recipient":
      return buildSamlResponse({ ...options, recipient: "https://wrong-recipient.invalid/acs" });
    case "wrong-destination":
      return buildSamlResponse({ ...options, destination: "https://wrong-destination.invalid/acs" });
    case "wrong-in-response-to":
      return buildSamlResponse({ ...options, inResponseTo: samlId() });
    case "no-in-response-to":
      return buildSamlResponse({ ...options, inResponseTo: null });
    case "expired":
      return buildSamlResponse({
        ...options,
        issueInstant: new Date(now - 2 * SKEW_PROOF_MS),
        notOnOrAfter: new Date(now - SKEW_PROOF_MS),
      });
    case "not-yet-valid":
      return buildSamlResponse({ ...options, notBefore: new Date(now + SKEW_PROOF_MS) });
    case "failure-status":
      return buildSamlResponse({
        ...options,
        status: "Responder",
        subStatus: "AuthnFailed",
        statusMessage: "The stand-in refused the sign-in",
      });
    case "comment-injection": {
      // user@evil.com.acme.com → "user@evil.com" <!----> ".acme.com": a reader of the first text node sees another domain.
      const [local, domain = ""] = email.split("@");
      const labels = domain.split(".");
      const cut = labels.length >= 3 ? labels.length - 2 : Math.max(1, labels.length - 1);
      const before = `${local}@${labels.slice(0, cut).join(".")}`;
      return commentInjectionResponse({ ...options, before, after: email.slice(before.length) });
    }
    case "doctype":
      return doctypeResponse({ ...options, kind: "entity-expansion" });
    case "oversized":
      return oversizedResponse(options);
    default: {
      const variant = mode.slice("xsw-".length) as (typeof WRAPPING_VARIANTS)[number];
      const attacker = login.inject ?? `attacker@${email.split("@")[1] ?? "acme.com"}`;
      return signatureWrappingResponse({ ...options, victim: email, attacker, variant, attributes: { email } });
    }
  }
}

function parseMode(value: unknown): SamlIdpMode | undefined {
  if (value == null || value === "") return undefined;
  if (!(SAML_IDP_MODES as readonly string[]).includes(String(value))) {
    throw new Error(`Unknown mode "${String(value)}" (modes: ${SAML_IDP_MODES.join(", ")})`);
  }
  return value as SamlIdpMode;
}

export function startSamlIdpStandIn(port: number): Promise<SamlIdpStandIn> {
  const url = `http://127.0.0.1:${port}`;
  const entityId = `${url}/saml`;
  const ssoUrl = `${url}/saml/sso`;
  let queue: Queued[] = [];

  /** A per-request mode wins; otherwise the first queued mode for this email (or for anyone). */
  function modeFor(email: string, requested: SamlIdpMode | undefined, inject: string | undefined) {
    if (requested) return { mode: requested, inject };
    const at = queue.findIndex((q) => !q.email || q.email.toLowerCase() === email.toLowerCase());
    if (at < 0) return { mode: undefined, inject };
    const [queued] = queue.splice(at, 1);
    return { mode: queued!.mode, inject: inject ?? queued!.inject };
  }

  function respond(request: ParsedAuthnRequest, email: string, requested: SamlIdpMode | undefined, inject?: string) {
    const chosen = modeFor(email, requested, inject);
    return samlLoginResponse({ request, email, issuer: entityId, ...chosen });
  }

  const server = http.createServer(
    handler(async (req, res) => {
      const requestUrl = new URL(req.url ?? "/", url);
      const route = `${req.method} ${requestUrl.pathname}`;
      const query = requestUrl.searchParams;

      if (route === "GET /__health") return sendJson(res, 200, { ok: true });

      if (route === "GET /metadata" || route === "GET /saml/metadata") {
        const names = (query.get("certs") ?? "idp").split(",").filter(Boolean) as SamlKeyName[];
        const unknown = names.find((n) => !SAML_KEY_NAMES.includes(n));
        if (unknown) return sendJson(res, 400, { error: `Unknown key "${unknown}"` });
        res.writeHead(200, { "content-type": "application/samlmetadata+xml; charset=utf-8" });
        return void res.end(idpMetadataXml({ entityId, ssoUrl, certs: names.map(samlCertificate) }));
      }

      if (route === "POST /control") {
        const body = JSON.parse((await readBody(req)) || "{}") as { mode?: string; email?: string; inject?: string };
        const mode = parseMode(body.mode);
        if (!mode) return sendJson(res, 400, { error: "mode required", modes: SAML_IDP_MODES });
        queue.push({ mode, email: body.email, inject: body.inject });
        return sendJson(res, 200, { queued: queue });
      }
      if (route === "DELETE /control") {
        queue = [];
        return sendJson(res, 200, { queued: queue });
      }
      if (route === "GET /control") return sendJson(res, 200, { queued: queue, modes: SAML_IDP_MODES });

      if (route === "GET /saml/sso" || route === "POST /saml/sso") {
        // HTTP-Redirect (the metadata's binding) or HTTP-POST: the same parameters, in the query or the form.
        if (req.method === "POST") for (const [name, value] of new URLSearchParams(await readBody(req))) query.set(name, value);
        const samlRequest = query.get("SAMLRequest");
        if (!samlRequest) return sendHtml(res, 400, page("Sign-in request missing", "<p>No SAMLRequest was given.</p>"));
        const request = parseAuthnRequest(samlRequest);
        const relayState = query.get("RelayState");
        const hint = query.get("login_hint");
        if (query.get("auto") === "1") {
          if (!hint) return sendJson(res, 400, { error: "auto=1 needs login_hint=<email>" });
          const built = respond(request, hint, parseMode(query.get("mode")), query.get("inject") ?? undefined);
          return sendJson(res, 200, {
            acsUrl: request.acsUrl,
            SAMLResponse: built.base64,
            RelayState: relayState,
            responseId: built.responseId,
            assertionId: built.assertionId,
            requestId: request.id,
          });
        }
        return sendHtml(
          res,
          200,
          page(
            "Sign in to the test identity provider",
            `<p>${escapeHtml(request.issuer ?? "An application")} asks who you are.</p>` +
              `<form method="post" action="/saml/login">` +
              `<label for="email">Email</label>` +
              `<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(hint ?? "")}">` +
              hiddenInputs({ SAMLRequest: samlRequest, RelayState: relayState }) +
              `<button type="submit">Sign in</button>` +
              `</form>`,
          ),
        );
      }

      if (route === "POST /saml/login") {
        const form = new URLSearchParams(await readBody(req));
        const email = form.get("email")?.trim();
        const samlRequest = form.get("SAMLRequest");
        if (!email || !samlRequest) return sendHtml(res, 400, page("Sign-in failed", "<p>Email and SAMLRequest are required.</p>"));
        const request = parseAuthnRequest(samlRequest);
        const built = respond(request, email, parseMode(form.get("mode")), form.get("inject") ?? undefined);
        return sendHtml(
          res,
          200,
          page(
            "Signing you in",
            `<form id="saml-post" method="post" action="${escapeHtml(request.acsUrl!)}">` +
              hiddenInputs({ SAMLResponse: built.base64, RelayState: form.get("RelayState") }) +
              `<p>You are signed in at the identity provider. Continue to the application.</p>` +
              `<button type="submit">Continue</button>` +
              `</form>` +
              `<script>document.getElementById("saml-post").submit();</script>`,
          ),
        );
      }

      sendJson(res, 404, { error: "not_found" });
    }),
  );

  return listen(server, port).then(({ close }) => ({ url, entityId, ssoUrl, metadataUrl: `${url}/metadata`, close }));
}
