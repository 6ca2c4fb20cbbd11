import * as sso from "@/lib/validation/sso";
import * as out from "../schemas";
import type { Rows } from ".";

// Signing in through an organization's identity provider (SP-initiated only). Row format: index.ts.
export const SSO_SIGN_IN = {
  "post /api/auth/sso/start": {
    summary: "Start a single sign-on",
    description:
      "With `email`: the connection of the organization that verified the address's domain; with `organizationSlug`: that organization's. Answers the IdP URL to send the browser to (a SAML AuthnRequest or an OIDC authorization request, remembered for 10 minutes, single use). 404 when no connection applies, the same for unknown addresses, domains and organizations. `returnTo` (a path on this site) is where the browser lands once signed in. The request is bound to the browser that asked: the answer sets an HttpOnly cookie (`__Host-ks-sso-binding` on https, `ks_sso_binding` on http; SameSite=None and Secure, so the IdP's cross-site POST carries it, except on plain http off localhost, where it is Lax) and the IdP's answer is accepted only with it, so an answer started in one browser cannot sign another in (login CSRF). Call it from the browser (same-origin `fetch`) that will follow the URL.",
    body: sso.ssoStartSchema,
    ok: [200, "Where to send the browser.", out.ssoStartSchema],
    errors: ["not_found", "rate_limited"],
  },
  "get /api/auth/sso/start": {
    summary: "Start a single sign-on (link)",
    description:
      "The same start as a link, for pages (the /sso page's own): `email` or `organization` (the slug) and `returnTo`. Sets the browser-binding cookie and redirects (303) to the IdP; when no connection applies or the IdP cannot be reached, to the sign-in page with the error's code (`/login?error=not_found`). A navigation from another site (`Sec-Fetch-Site: cross-site` or `same-site`) is sent to `/sso` instead, which asks for a click: another site cannot start a sign-in at an IdP of its choosing in a visitor's browser.",
    query: sso.ssoStartQuerySchema,
    ok: [303, "To the identity provider (or to /sso or /login, as above)."],
    errors: [],
  },
  "get /api/auth/sso/saml/{connectionId}/metadata": {
    summary: "SAML service provider metadata",
    description: "The SP metadata to give the IdP: entity id, ACS URL (HTTP-POST), NameID format. XML (`application/samlmetadata+xml`).",
    params: sso.connectionIdParamsSchema,
    ok: [200, "The metadata (XML)."],
    mediaType: "application/samlmetadata+xml",
    errors: ["not_found"],
  },
  "post /api/auth/sso/saml/{connectionId}/acs": {
    summary: "SAML assertion consumer service",
    description:
      "The IdP's HTTP-POST binding: a form with `SAMLResponse` (and `RelayState`). Only an answer to a request this app made (InResponseTo, single use, 10 minutes), signed (response or assertion, RSA-SHA256 or stronger) by one of the connection's certificates, posted by the browser that started it (the start's binding cookie), for this SP (audience, recipient, destination), inside its time window (60 s of skew), each assertion id once. Signs in and redirects the browser (303) to the `returnTo` of the start, or to the second step when the account has a factor and the IdP does not enforce MFA. Refused answers: 401 `invalid_credentials`; an address outside the organization's verified domains: 403 `sso_domain_not_verified` (nothing is touched). A browser (Accept: text/html) is redirected to the sign-in page with the error instead.",
    params: sso.connectionIdParamsSchema,
    ok: [303, "Signed in: to the start's returnTo, or to the second step."],
    errors: ["not_found", ["invalid_credentials", 401], "sso_domain_not_verified", "account_disabled", "rate_limited", "payload_too_large"],
  },
  "get /api/auth/sso/oidc/{connectionId}/callback": {
    summary: "OpenID Connect callback",
    description:
      "Where the IdP sends the browser back with `code` and `state`. The state must be a request this app made (single use, 10 minutes) from this browser (the start's binding cookie); the code is exchanged with its PKCE verifier and the ID token checked (issuer, audience, nonce, signature by the issuer's JWKS); `email_verified: false` is refused. Then as the SAML ACS: 303 on success, 401 `invalid_credentials`, 403 `sso_domain_not_verified`.",
    params: sso.connectionIdParamsSchema,
    ok: [303, "Signed in: to the start's returnTo, or to the second step."],
    errors: ["not_found", ["invalid_credentials", 401], "sso_domain_not_verified", "account_disabled", "rate_limited"],
  },
} as const satisfies Rows;
