import * as sso from "@/lib/validation/sso";
import * as out from "../schemas";
import type { Rows } from ".";

// Signing in through an organization's identity provider (SP-initiated only). Row format: index.ts.
export const SSO_SIGN_IN = {
  "post /api/auth/sso/start": {
    summary: "Start a single sign-on",
    description:
      "With `email`: the connection of the organization that verified the address's domain; with `organizationSlug`: that organization's. Answers the IdP URL to send the browser to (a SAML AuthnRequest or an OIDC authorization request, remembered for 10 minutes, single use). 404 when no connection applies, the same for unknown addresses, domains and organizations. `returnTo` (a path on this site) is where the browser lands once signed in.",
    body: sso.ssoStartSchema,
    ok: [200, "Where to send the browser.", out.ssoStartSchema],
    errors: ["not_found", "rate_limited"],
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
      "The IdP's HTTP-POST binding: a form with `SAMLResponse` (and `RelayState`). Only an answer to a request this app made (InResponseTo, single use, 10 minutes), signed (response or assertion, RSA-SHA256 or stronger) by one of the connection's certificates, for this SP (audience, recipient, destination), inside its time window (60 s of skew), each assertion id once. Signs in and redirects the browser (303) to the `returnTo` of the start, or to the second step when the account has a factor and the IdP does not enforce MFA. Refused answers: 401 `invalid_credentials`; an address outside the organization's verified domains: 403 `sso_domain_not_verified` (nothing is touched). A browser (Accept: text/html) is redirected to the sign-in page with the error instead.",
    params: sso.connectionIdParamsSchema,
    ok: [303, "Signed in: to the start's returnTo, or to the second step."],
    errors: ["not_found", ["invalid_credentials", 401], "sso_domain_not_verified", "account_disabled", "rate_limited", "payload_too_large"],
  },
  "get /api/auth/sso/oidc/{connectionId}/callback": {
    summary: "OpenID Connect callback",
    description:
      "Where the IdP sends the browser back with `code` and `state`. The state must be a request this app made (single use, 10 minutes); the code is exchanged with its PKCE verifier and the ID token checked (issuer, audience, nonce, signature by the issuer's JWKS); `email_verified: false` is refused. Then as the SAML ACS: 303 on success, 401 `invalid_credentials`, 403 `sso_domain_not_verified`.",
    params: sso.connectionIdParamsSchema,
    ok: [303, "Signed in: to the start's returnTo, or to the second step."],
    errors: ["not_found", ["invalid_credentials", 401], "sso_domain_not_verified", "account_disabled", "rate_limited"],
  },
} as const satisfies Rows;
