import "server-only";
import { DEFAULT_AFTER_SIGN_IN, sameOriginPath } from "@/lib/auth/callback-url";
import { config } from "@/lib/config/env";
import { connectionForDomain, connectionForOrganizationSlug, connectionForSignIn } from "@/lib/db/statements/sso";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError, notFound } from "@/lib/http/errors";
import { isPlausibleRef } from "@/lib/organizations/context";
import { consume } from "@/lib/security/rate-limit";
import { recordSsoFailure, signInThroughSso } from "@/lib/sign-in/doors/sso";
import type { SsoStartTarget } from "@/lib/validation/sso";
import { oidcSignInUrl, readOidcCallback } from "./oidc";
import { readSamlResponse, samlSignInUrl, SsoRefusal, type SsoIdentity } from "./saml";
import type { SsoConnection } from "@/lib/generated/prisma/client";

// Enterprise sign-in, from the first step to the door: where to send the browser for an address
// or an organization (POST /api/auth/sso/start), and what the IdP's answer opens (the SAML ACS,
// the OIDC callback). SP-initiated only: an answer to no request of ours is refused.

/** The same answer for an unknown address, an unknown domain and an unknown organization. */
const noConnection = () => notFound("Single sign-on is not set up for this address or organization.");

async function connectionToStart(input: SsoStartTarget, client: ClientInfo) {
  await consume("ssoStartsPerClient", client.ip);
  const connection =
    "email" in input
      ? await connectionForDomain(input.email.slice(input.email.lastIndexOf("@") + 1))
      : "connectionId" in input
        ? await connectionForSignIn(input.connectionId)
        : await connectionForOrganizationSlug(input.organizationSlug);
  if (!connection) throw noConnection();
  return connection;
}

/** Where a start would send the browser (the IdP's host), opening nothing: the /sso page's answer. */
export async function ssoDestinationHost(input: SsoStartTarget, client: ClientInfo): Promise<string> {
  const connection = await connectionToStart(input, client);
  const where = URL.parse((connection.type === "saml" ? connection.idpSsoUrl : connection.issuer) ?? "");
  if (!where || !/^https?:$/.test(where.protocol)) throw idpUnreachable();
  return where.host;
}

const idpUnreachable = () => new ApiError("service_unavailable", "The identity provider cannot be reached right now. Try again later.");

/**
 * Opens a request at the IdP for an address or an organization, bound to the browser whose
 * binding hash is given (browser-binding.ts): its answer is accepted from that browser only.
 */
export async function ssoStartUrl(input: SsoStartTarget, client: ClientInfo, browserBindingHash: string): Promise<{ url: string }> {
  const connection = await connectionToStart(input, client);
  const opened = { returnTo: sameOriginPath(input.returnTo, config().appUrl) ?? DEFAULT_AFTER_SIGN_IN, browserBindingHash };
  try {
    return { url: connection.type === "saml" ? await samlSignInUrl(connection, opened) : await oidcSignInUrl(connection, opened) };
  } catch (error) {
    if (error instanceof SsoRefusal) throw idpUnreachable();
    throw error;
  }
}

export const refusedAnswer = () => new ApiError("invalid_credentials", "The identity provider's answer was not accepted. Sign in again.");

async function connectionOf(connectionId: string, type: "saml" | "oidc") {
  const connection = isPlausibleRef(connectionId) ? await connectionForSignIn(connectionId) : undefined;
  if (!connection || connection.type !== type) throw notFound("No such connection.");
  return connection;
}

/** The IdP's answer read by `read` (SAML or OIDC), then the door; a refused answer is logged with its reason. */
async function completeSignIn(
  connectionId: string,
  type: "saml" | "oidc",
  client: ClientInfo,
  read: (connection: SsoConnection) => Promise<SsoIdentity>,
) {
  const connection = await connectionOf(connectionId, type);
  await consume("ssoAnswersPerClient", client.ip);
  let identity: SsoIdentity;
  try {
    identity = await read(connection);
  } catch (error) {
    if (!(error instanceof SsoRefusal)) throw error;
    await recordSsoFailure(connection, error.reason, client);
    throw refusedAnswer();
  }
  return { outcome: await signInThroughSso(connection, identity, client), returnTo: identity.returnTo };
}

/** POST /api/auth/sso/saml/{connectionId}/acs: the IdP's signed answer, then the door (from the browser that started it). */
export const completeSamlSignIn = (connectionId: string, samlResponse: string, client: ClientInfo, browserBindingHash: string | null) =>
  completeSignIn(connectionId, "saml", client, (connection) => readSamlResponse(connection, samlResponse, browserBindingHash));

/** GET /api/auth/sso/oidc/{connectionId}/callback: the code exchanged and the ID token checked, then the door. */
export const completeOidcSignIn = (connectionId: string, callbackUrl: URL, client: ClientInfo, browserBindingHash: string | null) =>
  completeSignIn(connectionId, "oidc", client, (connection) => readOidcCallback(connection, callbackUrl, browserBindingHash));
