// What a SAML 2.0 identity provider sends, built the way real ones build it, for the tests of the
// app's service provider (SP): a Response with one Assertion, signed by xml-crypto's SignedXml
// (enveloped signature, exclusive C14N, RSA-SHA256 unless told otherwise) with one of the
// test-only keys of tests/fixtures/sso. Pure functions: no I/O beyond reading those keys once.
//
// Besides well-formed responses, the attacks an SP must survive, each built from a validly signed
// response so that only the attack differs: signature wrapping (signatureWrappingResponse),
// a comment inside a signed NameID (commentInjectionResponse), a DOCTYPE with entities
// (doctypeResponse) and a response of several megabytes (oversizedResponse).
//
// Also what an IdP reads and publishes: parseAuthnRequest (the SP's HTTP-Redirect AuthnRequest)
// and idpMetadataXml (the metadata an organization's owner pastes into the app).
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";

export const SAML_KEY_NAMES = ["idp", "other-idp", "idp-next"] as const;
/** idp: the IdP the tests trust; other-idp: an attacker's key; idp-next: the IdP's next key (rollover). */
export type SamlKeyName = (typeof SAML_KEY_NAMES)[number];

export const NS = {
  protocol: "urn:oasis:names:tc:SAML:2.0:protocol",
  assertion: "urn:oasis:names:tc:SAML:2.0:assertion",
  metadata: "urn:oasis:names:tc:SAML:2.0:metadata",
  dsig: "http://www.w3.org/2000/09/xmldsig#",
} as const;
export const NAMEID_EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
export const BINDING_REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
export const BINDING_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
const STATUS_PREFIX = "urn:oasis:names:tc:SAML:2.0:status:";

const ALGORITHMS = {
  "rsa-sha256": {
    signature: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    digest: "http://www.w3.org/2001/04/xmlenc#sha256",
  },
  "rsa-sha1": {
    signature: "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
    digest: "http://www.w3.org/2000/09/xmldsig#sha1",
  },
} as const;
export type SamlSignatureAlgorithm = keyof typeof ALGORITHMS;
const EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
const ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

// ---------------------------------------------------------------------------------------------
// Keys

const FIXTURES = path.resolve(import.meta.dirname, "../../tests/fixtures/sso");
const keyCache = new Map<SamlKeyName, { privateKey: string; certificate: string }>();

/** The PEM private key and certificate of a test-only key pair (tests/fixtures/sso). */
export function samlKeyPair(name: SamlKeyName): { privateKey: string; certificate: string } {
  let pair = keyCache.get(name);
  if (!pair) {
    if (!SAML_KEY_NAMES.includes(name)) throw new Error(`No SAML test key "${name}" (keys: ${SAML_KEY_NAMES.join(", ")})`);
    pair = {
      privateKey: readFileSync(path.join(FIXTURES, `${name}.key.pem`), "utf8"),
      certificate: readFileSync(path.join(FIXTURES, `${name}.cert.pem`), "utf8"),
    };
    keyCache.set(name, pair);
  }
  return pair;
}

/** The PEM certificate of a test key: what an owner pastes as `idpCertificate`. */
export const samlCertificate = (name: SamlKeyName) => samlKeyPair(name).certificate;

/** A PEM certificate's base64 body on one line, as metadata's ds:X509Certificate carries it. */
export const certificateBody = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");

// ---------------------------------------------------------------------------------------------
// Responses

export interface SamlResponseOptions {
  /** The IdP's entity id (both Issuer elements). */
  issuer: string;
  /** Response/@Destination (the ACS URL); null leaves the attribute out. */
  destination: string | null;
  /** SubjectConfirmationData/@Recipient; defaults to the destination; null leaves it out. */
  recipient?: string | null;
  /** The one Audience of the AudienceRestriction (the SP entity id); null leaves the restriction out. */
  audience: string | null;
  /** The AuthnRequest's ID, on the Response and on SubjectConfirmationData; null or absent leaves both out. */
  inResponseTo?: string | null;
  nameId: string;
  /** Defaults to emailAddress. */
  nameIdFormat?: string;
  /** AttributeStatement: name → value(s). Defaults to `{ email: nameId }`; `{}` leaves the statement out. */
  attributes?: Record<string, string | string[]>;
  /** Defaults to now. */
  issueInstant?: Date;
  /** Conditions/@NotBefore, defaults to issueInstant; null leaves it out. */
  notBefore?: Date | null;
  /** Conditions/@NotOnOrAfter and SubjectConfirmationData/@NotOnOrAfter, defaults to issueInstant + 5 min; null leaves both out. */
  notOnOrAfter?: Date | null;
  /** AuthnStatement/@SessionNotOnOrAfter, defaults to issueInstant + 8 h; null leaves it out. */
  sessionNotOnOrAfter?: Date | null;
  /** Defaults to a fresh `_<hex>` id. */
  assertionId?: string;
  responseId?: string;
  /** Which element carries an enveloped signature. Default "assertion" (what most IdPs do). */
  sign?: "assertion" | "response" | "both" | "none";
  /** Which test key signs. Default "idp". */
  key?: SamlKeyName;
  /** Default "rsa-sha256"; "rsa-sha1" (with a SHA-1 digest) to test that the SP refuses it. */
  algorithm?: SamlSignatureAlgorithm;
  /**
   * Top-level status: "Success" (default) or a failure ("Requester", "Responder",
   * "VersionMismatch" or a full URN). A failure carries no assertion, as IdPs answer.
   */
  status?: string;
  /** Second-level status code of a failure, e.g. "AuthnFailed" or "NoPassive" (or a full URN). */
  subStatus?: string;
  statusMessage?: string;
}

export interface BuiltSamlResponse {
  /** The Response document as sent (UTF-8 XML). */
  xml: string;
  /** The SAMLResponse form field of the HTTP-POST binding: the XML in base64. */
  base64: string;
  responseId: string;
  assertionId: string;
}

/** Internal: raw XML fragments for the attack builders (already escaped; may hold comments). */
interface RawParts {
  nameIdXml?: string;
  attributeXml?: Record<string, string>;
}

export const samlId = () => `_${randomBytes(20).toString("hex")}`;

const escapeXml = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
const attr = (name: string, value: string | null | undefined) => (value == null ? "" : ` ${name}="${escapeXml(value)}"`);
const instant = (date: Date | null | undefined) => (date == null ? null : date.toISOString());
const statusUrn = (code: string) => (code.startsWith("urn:") ? code : STATUS_PREFIX + code);
const toBase64 = (xml: string) => Buffer.from(xml, "utf8").toString("base64");

/** A SAML 2.0 Response with one Assertion (none for a failure status), signed as the options say. */
export function buildSamlResponse(options: SamlResponseOptions): BuiltSamlResponse {
  return build(options, {});
}

function build(options: SamlResponseOptions, raw: RawParts): BuiltSamlResponse {
  const issued = options.issueInstant ?? new Date();
  const notBefore = options.notBefore === undefined ? issued : options.notBefore;
  const notOnOrAfter = options.notOnOrAfter === undefined ? new Date(issued.getTime() + 5 * 60_000) : options.notOnOrAfter;
  const sessionEnd = options.sessionNotOnOrAfter === undefined ? new Date(issued.getTime() + 8 * 3600_000) : options.sessionNotOnOrAfter;
  const responseId = options.responseId ?? samlId();
  const assertionId = options.assertionId ?? samlId();
  const recipient = options.recipient === undefined ? options.destination : options.recipient;
  const status = options.status ?? "Success";
  const success = statusUrn(status) === statusUrn("Success");

  const attributes = options.attributes ?? { email: options.nameId };
  const attributeElements = Object.entries(attributes).map(([name, values]) => {
    const valueXml =
      raw.attributeXml?.[name] ??
      [values]
        .flat()
        .map((v) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(v)}</saml:AttributeValue>`)
        .join("");
    return `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${valueXml}</saml:Attribute>`;
  });

  const assertion =
    `<saml:Assertion xmlns:saml="${NS.assertion}" xmlns:xs="http://www.w3.org/2001/XMLSchema" ` +
    `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="${escapeXml(assertionId)}" Version="2.0" IssueInstant="${instant(issued)}">` +
    `<saml:Issuer>${escapeXml(options.issuer)}</saml:Issuer>` +
    `<saml:Subject>` +
    `<saml:NameID Format="${escapeXml(options.nameIdFormat ?? NAMEID_EMAIL)}">${raw.nameIdXml ?? escapeXml(options.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` +
    `<saml:SubjectConfirmationData${attr("InResponseTo", options.inResponseTo)}${attr("NotOnOrAfter", instant(notOnOrAfter))}${attr("Recipient", recipient)}/>` +
    `</saml:SubjectConfirmation>` +
    `</saml:Subject>` +
    `<saml:Conditions${attr("NotBefore", instant(notBefore))}${attr("NotOnOrAfter", instant(notOnOrAfter))}>` +
    (options.audience == null
      ? ""
      : `<saml:AudienceRestriction><saml:Audience>${escapeXml(options.audience)}</saml:Audience></saml:AudienceRestriction>`) +
    `</saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${instant(issued)}" SessionIndex="${escapeXml(assertionId)}"${attr("SessionNotOnOrAfter", instant(sessionEnd))}>` +
    `<saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>` +
    `</saml:AuthnStatement>` +
    (attributeElements.length ? `<saml:AttributeStatement>${attributeElements.join("")}</saml:AttributeStatement>` : "") +
    `</saml:Assertion>`;

  const statusXml =
    `<samlp:Status><samlp:StatusCode Value="${escapeXml(statusUrn(status))}">` +
    (options.subStatus ? `<samlp:StatusCode Value="${escapeXml(statusUrn(options.subStatus))}"/>` : "") +
    `</samlp:StatusCode>` +
    (options.statusMessage ? `<samlp:StatusMessage>${escapeXml(options.statusMessage)}</samlp:StatusMessage>` : "") +
    `</samlp:Status>`;

  let xml =
    `<samlp:Response xmlns:samlp="${NS.protocol}" xmlns:saml="${NS.assertion}" ID="${escapeXml(responseId)}" Version="2.0" ` +
    `IssueInstant="${instant(issued)}"${attr("Destination", options.destination)}${attr("InResponseTo", options.inResponseTo)}>` +
    `<saml:Issuer>${escapeXml(options.issuer)}</saml:Issuer>` +
    statusXml +
    (success ? assertion : "") +
    `</samlp:Response>`;

  const sign = options.sign ?? "assertion";
  const signing = { key: options.key ?? "idp", algorithm: options.algorithm ?? "rsa-sha256" } as const;
  if (success && (sign === "assertion" || sign === "both")) xml = signElement(xml, "assertion", signing);
  if (sign === "response" || sign === "both") xml = signElement(xml, "response", signing);
  xml = `<?xml version="1.0" encoding="UTF-8"?>${xml}`;
  return { xml, base64: toBase64(xml), responseId, assertionId };
}

const RESPONSE_XPATH = "/*[local-name(.)='Response' and namespace-uri(.)='urn:oasis:names:tc:SAML:2.0:protocol']";
const ASSERTION_XPATH = `${RESPONSE_XPATH}/*[local-name(.)='Assertion' and namespace-uri(.)='urn:oasis:names:tc:SAML:2.0:assertion']`;
const issuerOf = (parent: string) => `${parent}/*[local-name(.)='Issuer' and namespace-uri(.)='urn:oasis:names:tc:SAML:2.0:assertion']`;

/** An enveloped signature over the Response or its Assertion, placed after the element's Issuer as the schema wants. */
function signElement(xml: string, element: "assertion" | "response", options: { key: SamlKeyName; algorithm: SamlSignatureAlgorithm }) {
  const { privateKey, certificate } = samlKeyPair(options.key);
  const algorithm = ALGORITHMS[options.algorithm];
  const target = element === "assertion" ? ASSERTION_XPATH : RESPONSE_XPATH;
  const signer = new SignedXml({
    privateKey,
    publicCert: certificate,
    signatureAlgorithm: algorithm.signature,
    canonicalizationAlgorithm: EXC_C14N,
  });
  signer.addReference({ xpath: target, transforms: [ENVELOPED, EXC_C14N], digestAlgorithm: algorithm.digest });
  signer.computeSignature(xml, { prefix: "ds", location: { reference: issuerOf(target), action: "after" } });
  return signer.getSignedXml();
}

// ---------------------------------------------------------------------------------------------
// Attacks

/**
 * The classic XML signature wrapping positions (Somorovsky et al., "On Breaking SAML", 2012),
 * applied to a validly signed response:
 * - evil-first / evil-last: an unsigned attacker assertion beside the signed one (XSW3);
 * - evil-wraps-original: the attacker assertion in the signed one's place, holding it (XSW4);
 * - original-in-extensions: the signed assertion moved into samlp:Extensions, the attacker's in its place (XSW7);
 * - original-in-signature-object: the attacker assertion carries the original signature, whose
 *   ds:Object holds the original assertion (XSW8);
 * - duplicate-id: an attacker assertion with the signed one's ID, before it;
 * - response-wrap (for a response signed at the Response level): a new Response around the
 *   attacker assertion, the original Response inside the moved signature's ds:Object (XSW1).
 * Every variant but duplicate-id leaves the original signature cryptographically valid: a
 * verifier that checks the signature and then reads "the" assertion by another path is fooled.
 */
export const WRAPPING_VARIANTS = [
  "evil-first",
  "evil-last",
  "evil-wraps-original",
  "original-in-extensions",
  "original-in-signature-object",
  "duplicate-id",
  "response-wrap",
] as const;
export type WrappingVariant = (typeof WRAPPING_VARIANTS)[number];

const parseXml = (xml: string) => {
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: { warning: () => undefined, error: (m: string) => errors.push(m), fatalError: (m: string) => errors.push(m) },
  }).parseFromString(xml, "text/xml");
  if (errors.length || !doc.documentElement) throw new Error(`Not well-formed XML: ${errors.join("; ")}`);
  return doc;
};
const children = (parent: Element, ns: string, localName: string): Element[] =>
  Array.from(parent.childNodes).filter(
    (n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === localName,
  );
const child = (parent: Element, ns: string, localName: string) => {
  const found = children(parent, ns, localName)[0];
  if (!found) throw new Error(`No ${localName} in ${parent.localName}`);
  return found;
};

/** Rewrites a cloned assertion to speak for the attacker: NameID and email-like attribute values. */
function impersonate(assertion: Element, victim: string, attacker: string) {
  const walk = (node: Element) => {
    for (const n of Array.from(node.childNodes)) {
      if (n.nodeType === 3 && (n as Text).data.includes(victim)) {
        // replaceData keeps xmldom's data and nodeValue in step (the serializer reads data).
        const text = n as Text;
        text.replaceData(0, text.length, text.data.split(victim).join(attacker));
      } else if (n.nodeType === 1) walk(n as Element);
    }
  };
  walk(assertion);
}

/**
 * A validly signed response for `victim` (built with `options`), then wrapped so that an unsigned
 * assertion for `attacker` sits where `variant` puts it. `options.sign` defaults to "assertion"
 * ("response" for the response-wrap variant).
 */
export function signatureWrappingResponse(
  options: Omit<SamlResponseOptions, "nameId"> & { victim: string; attacker: string; variant: WrappingVariant },
): BuiltSamlResponse & { victimAssertionId: string; attackerAssertionId: string } {
  const { victim, attacker, variant, ...rest } = options;
  const signed = buildSamlResponse({
    ...rest,
    nameId: victim,
    attributes: rest.attributes ?? { email: victim },
    sign: rest.sign ?? (variant === "response-wrap" ? "response" : "assertion"),
  });
  const doc = parseXml(signed.xml);
  const response = doc.documentElement as unknown as Element;
  const original = child(response, NS.assertion, "Assertion");
  const evil = original.cloneNode(true) as Element;
  impersonate(evil, victim, attacker);
  for (const signature of children(evil, NS.dsig, "Signature")) evil.removeChild(signature);
  const attackerAssertionId = variant === "duplicate-id" ? signed.assertionId : samlId();
  evil.setAttribute("ID", attackerAssertionId);
  const issuer = child(response, NS.assertion, "Issuer");

  switch (variant) {
    case "evil-first":
    case "duplicate-id":
      response.insertBefore(evil, original);
      break;
    case "evil-last":
      response.appendChild(evil);
      break;
    case "evil-wraps-original":
      response.replaceChild(evil, original);
      evil.appendChild(original);
      break;
    case "original-in-extensions": {
      const extensions = doc.createElementNS(NS.protocol, "samlp:Extensions");
      response.insertBefore(extensions, issuer.nextSibling);
      response.replaceChild(evil, original);
      extensions.appendChild(original);
      break;
    }
    case "original-in-signature-object": {
      const signature = child(original, NS.dsig, "Signature");
      original.removeChild(signature);
      const object = doc.createElementNS(NS.dsig, "ds:Object");
      signature.appendChild(object);
      evil.insertBefore(signature, child(evil, NS.assertion, "Issuer").nextSibling);
      response.replaceChild(evil, original);
      object.appendChild(original);
      break;
    }
    case "response-wrap": {
      const signature = child(response, NS.dsig, "Signature");
      const wrapper = response.cloneNode(false) as Element;
      wrapper.setAttribute("ID", samlId());
      response.removeChild(signature);
      wrapper.appendChild(issuer.cloneNode(true));
      wrapper.appendChild(signature);
      wrapper.appendChild(child(response, NS.protocol, "Status").cloneNode(true));
      wrapper.appendChild(evil);
      const object = doc.createElementNS(NS.dsig, "ds:Object");
      signature.appendChild(object);
      doc.replaceChild(wrapper, response);
      object.appendChild(response);
      break;
    }
  }
  const xml = new XMLSerializer().serializeToString(doc);
  return { ...signed, xml, base64: toBase64(xml), victimAssertionId: signed.assertionId, attackerAssertionId };
}

/**
 * A response whose signed assertion names `user@evil.com<!---->.acme.com` (NameID and email
 * attribute). The comment is in the document that was signed: exclusive C14N drops comments, so
 * the signature holds whether or not they are there, and an SP that reads only the first text
 * node sees "user@evil.com" (the 2018 Duo finding). The right reading is the whole text.
 */
export function commentInjectionResponse(
  options: Omit<SamlResponseOptions, "nameId"> & { before?: string; after?: string },
): BuiltSamlResponse & { fullNameId: string; truncatedNameId: string } {
  const { before = "user@evil.com", after = ".acme.com", ...rest } = options;
  const injected = `${escapeXml(before)}<!---->${escapeXml(after)}`;
  const built = build(
    { ...rest, nameId: before + after, attributes: { email: before + after } },
    { nameIdXml: injected, attributeXml: { email: `<saml:AttributeValue xsi:type="xs:string">${injected}</saml:AttributeValue>` } },
  );
  return { ...built, fullNameId: before + after, truncatedNameId: before };
}

/**
 * A validly signed response preceded by a DOCTYPE, its entity used in the (unsigned) Response
 * StatusMessage: "entity-expansion" defines the billion laughs (10^9 copies of "lol" if
 * expanded), "external-entity" a SYSTEM entity naming a local file. An SP must refuse any
 * DOCTYPE before it expands or fetches anything.
 */
export function doctypeResponse(options: SamlResponseOptions & { kind: "entity-expansion" | "external-entity" }): BuiltSamlResponse {
  const { kind, ...rest } = options;
  let doctype: string;
  if (kind === "entity-expansion") {
    const levels = ['<!ENTITY lol0 "lol">'];
    for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    doctype = `<!DOCTYPE samlp:Response [${levels.join("")}]>`;
  } else doctype = `<!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`;
  const entity = kind === "entity-expansion" ? "&lol9;" : "&xxe;";
  // Signed first (a DOCTYPE-less document), then the DOCTYPE and the entity's use go in: into
  // the Response's Status, which only a Response signature would cover.
  const signed = buildSamlResponse({ ...rest, sign: rest.sign === "response" || rest.sign === "both" ? "assertion" : rest.sign });
  const xml = signed.xml
    .replace("?>", `?>${doctype}`)
    .replace("</samlp:Status>", `<samlp:StatusMessage>${entity}</samlp:StatusMessage></samlp:Status>`);
  return { ...signed, xml, base64: toBase64(xml) };
}

/**
 * A validly signed response of about `bytes` (default 5 MiB) of XML, padded with one long
 * attribute inside the signed assertion: only its size is wrong, so an SP that refuses it does so
 * for its size (payload_too_large), before parsing it.
 */
export function oversizedResponse(options: SamlResponseOptions & { bytes?: number }): BuiltSamlResponse {
  const { bytes = 5 * 1024 * 1024, ...rest } = options;
  const base = { email: rest.nameId, ...rest.attributes };
  const probe = buildSamlResponse({ ...rest, attributes: { ...base, padding: "" }, sign: "none" });
  const padding = "A".repeat(Math.max(0, bytes - Buffer.byteLength(probe.xml) - 1500));
  return buildSamlResponse({ ...rest, attributes: { ...base, padding } });
}

// ---------------------------------------------------------------------------------------------
// Requests and metadata

export interface ParsedAuthnRequest {
  id: string;
  /** AssertionConsumerServiceURL, where the response must be posted; null when the SP sent an index instead. */
  acsUrl: string | null;
  /** The SP's entity id (the audience the response must name). */
  issuer: string | null;
  destination: string | null;
  issueInstant: string | null;
  protocolBinding: string | null;
  nameIdPolicyFormat: string | null;
  forceAuthn: boolean;
  xml: string;
}

/**
 * Reads the SAMLRequest parameter of the HTTP-Redirect binding (base64 of raw DEFLATE; the
 * URL-decoding is the caller's, as URLSearchParams does it) or of the HTTP-POST binding (base64
 * of the XML itself).
 */
export function parseAuthnRequest(samlRequest: string): ParsedAuthnRequest {
  const bytes = Buffer.from(samlRequest, "base64");
  let xml: string;
  try {
    xml = inflateRawSync(bytes, { maxOutputLength: 1024 * 1024 }).toString("utf8");
  } catch {
    xml = bytes.toString("utf8");
  }
  if (/<!DOCTYPE/i.test(xml)) throw new Error("AuthnRequest with a DOCTYPE refused");
  const root = parseXml(xml).documentElement as unknown as Element;
  if (root.namespaceURI !== NS.protocol || root.localName !== "AuthnRequest") throw new Error(`Not an AuthnRequest: ${root.localName}`);
  const id = root.getAttribute("ID");
  if (!id) throw new Error("AuthnRequest without an ID");
  const issuer = children(root, NS.assertion, "Issuer")[0];
  const policy = children(root, NS.protocol, "NameIDPolicy")[0];
  return {
    id,
    acsUrl: root.getAttribute("AssertionConsumerServiceURL") || null,
    issuer: issuer?.textContent?.trim() || null,
    destination: root.getAttribute("Destination") || null,
    issueInstant: root.getAttribute("IssueInstant") || null,
    protocolBinding: root.getAttribute("ProtocolBinding") || null,
    nameIdPolicyFormat: policy?.getAttribute("Format") || null,
    forceAuthn: root.getAttribute("ForceAuthn") === "true",
    xml,
  };
}

/**
 * IdP metadata as an owner downloads it from their IdP: one signing KeyDescriptor per
 * certificate (two during a rollover), emailAddress NameID, and the HTTP-Redirect SSO URL (plus
 * HTTP-POST at `ssoPostUrl` when given).
 */
export function idpMetadataXml(options: { entityId: string; ssoUrl: string; certs: string[]; ssoPostUrl?: string }): string {
  const keys = options.certs.map(
    (pem) =>
      `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificateBody(pem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`,
  );
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<md:EntityDescriptor xmlns:md="${NS.metadata}" xmlns:ds="${NS.dsig}" entityID="${escapeXml(options.entityId)}">` +
    `<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="${NS.protocol}">` +
    keys.join("") +
    `<md:NameIDFormat>${NAMEID_EMAIL}</md:NameIDFormat>` +
    `<md:SingleSignOnService Binding="${BINDING_REDIRECT}" Location="${escapeXml(options.ssoUrl)}"/>` +
    (options.ssoPostUrl ? `<md:SingleSignOnService Binding="${BINDING_POST}" Location="${escapeXml(options.ssoPostUrl)}"/>` : "") +
    `</md:IDPSSODescriptor>` +
    `</md:EntityDescriptor>`
  );
}
