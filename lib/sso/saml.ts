import "server-only";
import { DOMParser } from "@xmldom/xmldom";
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile } from "@node-saml/node-saml";
import { consumeSsoRequest, firstSightOfAssertion, insertSsoRequest, liveSsoRequest } from "@/lib/db/statements/sso";
import type { SsoConnection } from "@/lib/generated/prisma/client";
import { acsUrl, spEntityId } from "./urls";

// The SAML 2.0 service provider, one per connection, on @node-saml/node-saml (5.1 reads only the
// bytes a signature covers, the fix for signature wrapping): SP-initiated only, HTTP-Redirect
// AuthnRequest out, HTTP-POST Response in. What the library checks: a signature by one of the
// connection's certificates over the response or the assertion, exactly one assertion, the
// audience, NotBefore/NotOnOrAfter with 60 s of skew, InResponseTo against a request we made.
// What it does not, done here: a size cap, no DOCTYPE, RSA-SHA256 or stronger (it takes SHA-1),
// the issuer (it checks it on logout messages only), the recipient and destination, single use
// of the request (one conditional UPDATE) and of the assertion id.

export const SSO_REQUEST_SECONDS = 10 * 60;
/** The response as posted (base64): a real one is a few KB; 256 KB leaves room for large groups. */
export const MAX_SAML_RESPONSE_BYTES = 256 * 1024;
const ASSERTION_MEMORY_SECONDS = 24 * 3600;

const STRONG_SIGNATURES = new Set([
  "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
  "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
  "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
  "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
  "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
  "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512",
]);
const STRONG_DIGESTS = new Set([
  "http://www.w3.org/2001/04/xmlenc#sha256",
  "http://www.w3.org/2001/04/xmldsig-more#sha384",
  "http://www.w3.org/2001/04/xmlenc#sha512",
]);
const DS = "http://www.w3.org/2000/09/xmldsig#";

/** A refused IdP answer; `reason` goes into sso.login_failed (never the assertion itself). */
export class SsoRefusal extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** A request about to be sent: where the browser goes after, and the browser it is bound to. */
export interface OpenedRequest {
  returnTo: string;
  browserBindingHash: string;
}

/** node-saml's InResponseTo memory, in PostgreSQL: requests of this connection only. */
function requestStore(connectionId: string, opened?: OpenedRequest): CacheProvider & { asked: string | null } {
  return {
    asked: null,
    async saveAsync(key) {
      if (!opened) throw new Error("A SAML request is only opened by samlSignInUrl.");
      await insertSsoRequest({ id: key, connectionId, ...opened, ttlSeconds: SSO_REQUEST_SECONDS });
      return { value: key, createdAt: Date.now() };
    },
    // The library reads the answer as the request's creation instant and checks its age; the
    // statement has judged the 10 minutes already, by the database's clock: "now" passes.
    async getAsync(key) {
      this.asked = key;
      return (await liveSsoRequest(key, connectionId)) ? new Date().toISOString() : null;
    },
    // Spent by consumeSsoRequest below, in one conditional statement, once the response checked out.
    async removeAsync(key) {
      return key;
    },
  };
}

function serviceProvider(connection: SsoConnection, store: CacheProvider) {
  return new SAML({
    entryPoint: connection.idpSsoUrl ?? undefined,
    issuer: spEntityId(connection.id),
    callbackUrl: acsUrl(connection.id),
    audience: spEntityId(connection.id),
    idpIssuer: connection.idpEntityId ?? undefined,
    idpCert: connection.idpCertificates,
    // Either the response or the assertion must carry a valid signature (the library demands the
    // assertion's own when the response's is missing or does not verify).
    wantAuthnResponseSigned: false,
    wantAssertionsSigned: false,
    acceptedClockSkewMs: 60_000,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: SSO_REQUEST_SECONDS * 1000,
    cacheProvider: store,
    identifierFormat: null,
    disableRequestedAuthnContext: true,
    signatureAlgorithm: "sha256",
  });
}

export function serviceProviderMetadata(connection: SsoConnection): string {
  return serviceProvider(connection, requestStore(connection.id)).generateServiceProviderMetadata(null, null);
}

/** The IdP's URL with a fresh AuthnRequest, remembered for 10 minutes with where to go after. */
export async function samlSignInUrl(connection: SsoConnection, opened: OpenedRequest): Promise<string> {
  // The browser is sent there: only an http(s) URL (metadata uploaded before this rule held too).
  if (!/^https?:$/.test(URL.parse(connection.idpSsoUrl ?? "")?.protocol ?? "")) throw new SsoRefusal("bad_idp_url");
  return serviceProvider(connection, requestStore(connection.id, opened)).getAuthorizeUrlAsync("", undefined, {});
}

/**
 * The checks node-saml leaves to us, on the raw document, before it is handed over. Answers the
 * Response element's Destination (it sits outside the assertion, where the library never looks).
 */
function precheck(samlResponse: string): string | null {
  if (samlResponse.length > MAX_SAML_RESPONSE_BYTES) throw new SsoRefusal("response_too_large");
  const xml = Buffer.from(samlResponse, "base64").toString("utf8");
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new SsoRefusal("doctype");
  const errors: string[] = [];
  const doc = new DOMParser({ errorHandler: { error: (m) => errors.push(m), fatalError: (m) => errors.push(m) } }).parseFromString(
    xml,
    "text/xml",
  );
  if (errors.length || !doc?.documentElement) throw new SsoRefusal("malformed");
  const algorithms = (name: string) => {
    const list = doc.getElementsByTagNameNS(DS, name);
    return Array.from({ length: list.length }, (_, i) => list.item(i)!.getAttribute("Algorithm") ?? "");
  };
  if (algorithms("SignatureMethod").some((a) => !STRONG_SIGNATURES.has(a))) throw new SsoRefusal("weak_signature_algorithm");
  if (algorithms("DigestMethod").some((a) => !STRONG_DIGESTS.has(a))) throw new SsoRefusal("weak_digest_algorithm");
  return doc.documentElement.getAttribute("Destination") || null;
}

type Parsed = Record<string, unknown>;
const children = (node: unknown, name: string): Parsed[] => {
  const value = (node as Parsed | undefined)?.[name];
  return Array.isArray(value) ? (value as Parsed[]) : [];
};
const attribute = (node: Parsed | undefined, name: string) => ((node?.$ as Record<string, string> | undefined) ?? {})[name];

export interface SsoIdentity {
  email: string;
  firstName?: string;
  lastName?: string;
  returnTo: string;
}

const EMAIL_ATTRIBUTES = [
  "email",
  "mail",
  "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
  "urn:oid:0.9.2342.19200300.100.1.3",
];

/**
 * Checks a posted SAMLResponse for this connection and answers who it names. Every refusal is a
 * SsoRefusal with a short reason; nothing is trusted that the signature does not cover.
 */
export async function readSamlResponse(
  connection: SsoConnection,
  samlResponse: string,
  browserBindingHash: string | null,
): Promise<SsoIdentity> {
  const destination = precheck(samlResponse);
  const store = requestStore(connection.id);
  let profile: Profile | null;
  try {
    ({ profile } = await serviceProvider(connection, store).validatePostResponseAsync({ SAMLResponse: samlResponse }));
  } catch (error) {
    throw new SsoRefusal(reasonOf(error));
  }
  if (!profile) throw new SsoRefusal("no_assertion");
  // The library compares the issuer of logout messages only: a login response's is ours to check.
  if (profile.issuer !== connection.idpEntityId) throw new SsoRefusal("wrong_issuer");
  // The verified assertion, parsed by the library from the signed bytes only.
  const assertion = (profile.getAssertion?.() as Parsed | undefined)?.Assertion as Parsed | undefined;
  const confirmations = children(children(assertion, "Subject")[0], "SubjectConfirmation").flatMap((c) =>
    children(c, "SubjectConfirmationData"),
  );
  if (!confirmations.some((c) => attribute(c, "Recipient") === acsUrl(connection.id))) throw new SsoRefusal("wrong_recipient");
  if (destination !== null && destination !== acsUrl(connection.id)) throw new SsoRefusal("wrong_destination");

  const asked = store.asked;
  if (!asked) throw new SsoRefusal("unsolicited");
  // node-saml reads InResponseTo off the Response element, which an assertion-only signature
  // does not cover: an unsolicited signed assertion could be dressed up as the answer to the
  // attacker's own request. The request must be named inside the signed assertion, on the very
  // confirmation addressed to us.
  const confirmsOurRequest = confirmations.some(
    (c) => attribute(c, "Recipient") === acsUrl(connection.id) && attribute(c, "InResponseTo") === asked,
  );
  if (!confirmsOurRequest) throw new SsoRefusal("unsigned_in_response_to");
  const request = await consumeSsoRequest(asked, connection.id, browserBindingHash);
  if (!request) throw new SsoRefusal(browserBindingHash ? "request_spent_or_other_browser" : "no_browser_binding");
  const assertionId = attribute(assertion, "ID");
  if (!assertionId || !(await firstSightOfAssertion(assertionId, connection.id, ASSERTION_MEMORY_SECONDS)))
    throw new SsoRefusal("replayed");

  const fromAttributes = EMAIL_ATTRIBUTES.map((name) => profile[name]).find((v): v is string => typeof v === "string");
  const email = (fromAttributes ?? (profile.nameIDFormat?.endsWith(":emailAddress") ? profile.nameID : undefined))?.trim().toLowerCase();
  if (!email) throw new SsoRefusal("no_email");
  const text = (name: string) => (typeof profile[name] === "string" ? (profile[name] as string) : undefined);
  return { email, firstName: text("firstName") ?? text("givenName"), lastName: text("lastName") ?? text("sn"), returnTo: request.returnTo };
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : "";
  if (/InResponseTo/i.test(message)) return "unknown_request";
  if (/signature/i.test(message)) return "invalid_signature";
  if (/audience/i.test(message)) return "wrong_audience";
  if (/NotBefore|NotOnOrAfter|expired|not yet valid/i.test(message)) return "expired";
  if (/issuer/i.test(message)) return "wrong_issuer";
  if (/status/i.test(message)) return "idp_refused";
  return "invalid_response";
}
