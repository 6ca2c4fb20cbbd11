import * as clients from "@/lib/validation/oauth-clients";
import * as out from "../schemas";
import type { Rows } from ".";
import { ADMIN_ERRORS, WHO } from "./admin";

// Applications of the OpenID Provider, registered by instance admins. Row format: index.ts.
export const OAUTH_CLIENTS = {
  "get /api/admin/oauth-clients": {
    summary: "List OAuth clients",
    description: `${WHO} Every application registered with the OpenID Provider, oldest first. Never a secret.`,
    auth: "user",
    ok: [200, "The clients.", out.oauthClientListSchema],
    errors: ADMIN_ERRORS,
  },
  "post /api/admin/oauth-clients": {
    summary: "Register an OAuth client",
    description: `${WHO} \`type\`: \`confidential\` (a server: gets a secret, shown in this answer only; may use client_credentials, introspection and revocation) or \`public\` (a browser or mobile app: PKCE only). \`redirectUris\`: matched exactly at the authorization endpoint; https, http only on a loopback host, or an app scheme in reverse-domain form (\`com.example.app:/callback\`); no fragment, user info or wildcard, written in canonical form. \`scopes\`: what the client may ask for (\`openid\` always; default openid, profile, email). \`firstParty\`: no consent screen. \`idTokenSigningAlg\`: \`RS256\` (default: OpenID Connect's, which every relying party accepts) or \`ES256\` (smaller and cheaper to sign, for relying parties that support it); never a symmetric algorithm or \`none\`. Event \`oauth.client_created\`.`,
    auth: "user",
    body: clients.createOAuthClientSchema,
    ok: [201, "Registered; `clientSecret` for a confidential client, shown once.", out.oauthClientCreatedSchema],
    errors: ADMIN_ERRORS,
  },
  "get /api/admin/oauth-clients/{clientId}": {
    summary: "Read an OAuth client",
    description: `${WHO} Never the secret.`,
    auth: "user",
    params: clients.oauthClientParamsSchema,
    ok: [200, "The client.", out.oauthClientSchema],
    errors: ADMIN_ERRORS,
  },
  "patch /api/admin/oauth-clients/{clientId}": {
    summary: "Change an OAuth client",
    description: `${WHO} Any of \`name\`, \`redirectUris\`, \`postLogoutRedirectUris\`, \`scopes\`, \`firstParty\`, \`idTokenSigningAlg\` (ID tokens issued from then on, refreshes included); the type stays. Event \`oauth.client_updated\` with the names of the fields changed.`,
    auth: "user",
    params: clients.oauthClientParamsSchema,
    body: clients.updateOAuthClientSchema,
    ok: [200, "The client.", out.oauthClientSchema],
    errors: ADMIN_ERRORS,
  },
  "post /api/admin/oauth-clients/{clientId}/secret": {
    summary: "Rotate an OAuth client's secret",
    description: `${WHO} A new secret for a confidential client, shown in this answer only; the old one stops working at once. 404 for a public client. Event \`oauth.client_updated\` (\`changed: ["secret"]\`).`,
    auth: "user",
    params: clients.oauthClientParamsSchema,
    ok: [200, "The client with its new `clientSecret`.", out.oauthClientWithSecretSchema],
    errors: ADMIN_ERRORS,
  },
  "delete /api/admin/oauth-clients/{clientId}": {
    summary: "Delete an OAuth client",
    description: `${WHO} The client can no longer sign anyone in. Event \`oauth.client_deleted\`.`,
    auth: "user",
    params: clients.oauthClientParamsSchema,
    ok: [204, "Deleted."],
    errors: ADMIN_ERRORS,
  },
} satisfies Rows;
