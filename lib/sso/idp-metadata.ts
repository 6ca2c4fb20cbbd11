import "server-only";
import { httpsUrl } from "@/lib/validation/sso";
import { DOMParser } from "@xmldom/xmldom";

// An IdP's SAML metadata, as the owner uploads it: the entity id, the HTTP-Redirect single
// sign-on URL and the signing certificates (at most two: the current one and, during a rollover,
// the next). Only read, never trusted for anything else; a document with a DOCTYPE is refused
// before it is parsed (no entity expansion, no external references).

const MD = "urn:oasis:names:tc:SAML:2.0:metadata";
const DS = "http://www.w3.org/2000/09/xmldsig#";
const REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

export interface IdpSettings {
  idpEntityId: string;
  idpSsoUrl: string;
  idpCertificates: string[];
}

export class MetadataError extends Error {}

export function parseIdpMetadata(xml: string): IdpSettings {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) throw new MetadataError("The metadata must not contain a DOCTYPE.");
  const errors: string[] = [];
  const doc = new DOMParser({ errorHandler: { error: (m) => errors.push(m), fatalError: (m) => errors.push(m) } }).parseFromString(
    xml,
    "text/xml",
  );
  const root = doc?.documentElement;
  if (errors.length || !root) throw new MetadataError("The metadata is not well-formed XML.");
  const entity =
    root.localName === "EntityDescriptor" && root.namespaceURI === MD
      ? root
      : (first(root.getElementsByTagNameNS(MD, "EntityDescriptor")) ?? null);
  if (!entity) throw new MetadataError("No EntityDescriptor in the metadata.");
  const idp = first(entity.getElementsByTagNameNS(MD, "IDPSSODescriptor"));
  if (!idp) throw new MetadataError("The metadata describes no identity provider (IDPSSODescriptor).");
  const idpEntityId = entity.getAttribute("entityID")?.trim();
  if (!idpEntityId) throw new MetadataError("The metadata has no entityID.");
  const sso = elements(idp.getElementsByTagNameNS(MD, "SingleSignOnService")).find((e) => e.getAttribute("Binding") === REDIRECT);
  const idpSsoUrl = sso?.getAttribute("Location")?.trim();
  if (!idpSsoUrl) throw new MetadataError("The metadata has no HTTP-Redirect SingleSignOnService.");
  // The browser is sent there: the same rule as a typed URL (no javascript:, nothing unparsable).
  if (!httpsUrl.safeParse(idpSsoUrl).success) throw new MetadataError("The SingleSignOnService Location is not an http(s) URL.");
  const idpCertificates = elements(idp.getElementsByTagNameNS(MD, "KeyDescriptor"))
    .filter((k) => (k.getAttribute("use") || "signing") === "signing")
    .flatMap((k) => elements(k.getElementsByTagNameNS(DS, "X509Certificate")))
    .map((c) => (c.textContent ?? "").replace(/\s+/g, ""))
    .filter(Boolean);
  const unique = [...new Set(idpCertificates)];
  if (unique.length === 0) throw new MetadataError("The metadata has no signing certificate.");
  if (unique.length > 2)
    throw new MetadataError("The metadata lists more than two signing certificates; keep the current one and the next.");
  return { idpEntityId, idpSsoUrl, idpCertificates: unique.map(toPem) };
}

type ElementList = { length: number; item(i: number): Element | null };
const elements = (list: ElementList): Element[] => Array.from({ length: list.length }, (_, i) => list.item(i)!);
const first = (list: ElementList): Element | undefined => elements(list)[0];

/** A certificate as PEM, from PEM or from its bare base64 body; throws when it does not parse. */
export function toPem(certificate: string): string {
  const body = certificate.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}
