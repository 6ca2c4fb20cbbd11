import * as sso from "@/lib/validation/sso";
import * as out from "../schemas";
import type { Rows } from ".";

// Enterprise single sign-on: an organization's domains and identity-provider connections. Row
// format: index.ts. Owners change them (people, not API keys); admins read them.
const OWNER = "Owners of the organization (people, not API keys).";
const READER = "Admins and owners.";

export const SSO = {
  "get /api/organizations/{orgId}/domains": {
    summary: "List claimed domains",
    description: `${READER} Each with its DNS TXT record to publish and whether it is verified.`,
    auth: "user",
    ok: [200, "Domains, oldest first.", out.listOf(out.domainSchema)],
  },
  "post /api/organizations/{orgId}/domains": {
    summary: "Claim an email domain",
    description: `${OWNER} Pending until the TXT record \`_keystone-verification.<domain>\` holds the value given. Public mail domains (gmail.com and the like) are refused (422); at most 20 domains per organization (409).`,
    auth: "user",
    body: sso.addDomainSchema,
    ok: [201, "Claimed, pending verification.", out.domainSchema],
    errors: ["conflict"],
  },
  "get /api/organizations/{orgId}/domains/{id}": {
    summary: "Read a claimed domain",
    description: READER,
    auth: "user",
    ok: [200, "The domain.", out.domainSchema],
  },
  "delete /api/organizations/{orgId}/domains/{id}": {
    summary: "Remove a claimed domain",
    description: `${OWNER} Its people are no longer asked to sign in through the organization's identity provider, and new SSO sign-ins at that domain are refused.`,
    auth: "user",
    ok: [204, "Removed."],
  },
  "post /api/organizations/{orgId}/domains/{id}/verify": {
    summary: "Verify a claimed domain",
    description: `${OWNER} Looks the TXT record up now. 409 while it is not there (DNS changes take time to show), or when another organization verified the domain first. At most 60 checks an hour per organization.`,
    auth: "user",
    params: sso.domainParamsSchema,
    ok: [200, "Verified.", out.domainVerifiedSchema],
    errors: ["conflict", "rate_limited"],
  },
  "get /api/organizations/{orgId}/sso-connections": {
    summary: "List identity-provider connections",
    description: `${READER} Never an OIDC client secret.`,
    auth: "user",
    ok: [200, "Connections, oldest first.", out.listOf(out.ssoConnectionSchema)],
  },
  "post /api/organizations/{orgId}/sso-connections": {
    summary: "Connect an identity provider",
    description: `${OWNER} Needs the step-up window (POST /api/auth/check-password). SAML: \`idpMetadataXml\`, or \`idpEntityId\`, \`idpSsoUrl\` and \`idpCertificate\` (plus \`idpCertificateNext\` during a rollover); the answer gives the values to enter at the IdP (\`spEntityId\`, \`acsUrl\`, \`spMetadataUrl\`). OIDC: \`issuer\`, \`clientId\`, \`clientSecret\`; the answer gives the \`redirectUri\`. \`defaultRole\` (member or admin) is the role of people the first sign-in adds; \`enforced\` makes it the only way in for people at the organization's verified domains; \`idpEnforcesMfa\` marks its sessions aal2. At most 5 per organization (409).`,
    auth: "user",
    body: sso.createConnectionSchema,
    ok: [201, "Connected.", out.ssoConnectionSchema],
    errors: ["reauthentication_required", "conflict"],
  },
  "get /api/organizations/{orgId}/sso-connections/{id}": {
    summary: "Read an identity-provider connection",
    description: `${READER} Never the client secret.`,
    auth: "user",
    ok: [200, "The connection.", out.ssoConnectionSchema],
  },
  "patch /api/organizations/{orgId}/sso-connections/{id}": {
    summary: "Change an identity-provider connection",
    description: `${OWNER} Needs the step-up window. Any field of the connection's own type; \`idpCertificateNext: null\` ends a rollover.`,
    auth: "user",
    body: sso.updateConnectionSchema,
    ok: [200, "The connection as changed.", out.ssoConnectionSchema],
    errors: ["reauthentication_required"],
  },
  "delete /api/organizations/{orgId}/sso-connections/{id}": {
    summary: "Remove an identity-provider connection",
    description: `${OWNER} Needs the step-up window. Its enforcement ends with it.`,
    auth: "user",
    ok: [204, "Removed."],
    errors: ["reauthentication_required"],
  },
} as const satisfies Rows;
