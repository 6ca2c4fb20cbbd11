import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MetadataError, parseIdpMetadata, toPem } from "./idp-metadata";

const cert = readFileSync("tests/fixtures/sso/idp.cert.pem", "utf8");
const body = cert.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");

const metadata = (inner: string, entity = 'entityID="https://idp.example.com/saml"') =>
  `<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ${entity}>${inner}</md:EntityDescriptor>`;
const idp = (
  keys: string,
  sso = '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/>',
) => `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${keys}${sso}</md:IDPSSODescriptor>`;
const key = (use = "signing", value = body) =>
  `<md:KeyDescriptor use="${use}"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${value}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;

describe("parseIdpMetadata", () => {
  it("reads the entity id, the HTTP-Redirect SSO URL and the signing certificates as PEM", () => {
    const parsed = parseIdpMetadata(metadata(idp(key() + key("encryption", "AAAA"))));
    expect(parsed).toEqual({
      idpEntityId: "https://idp.example.com/saml",
      idpSsoUrl: "https://idp.example.com/sso",
      idpCertificates: [toPem(body)],
    });
  });

  it("refuses a DOCTYPE, no IdP, no redirect binding, no certificate, more than two, a sign-in URL that is not http(s)", () => {
    const redirectTo = (location: string) =>
      `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${location}"/>`;
    const refused = [
      `<!DOCTYPE x [<!ENTITY a "b">]>${metadata(idp(key()))}`,
      metadata(""),
      metadata(idp(key(), '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://x"/>')),
      metadata(idp("")),
      metadata(idp(key() + key("signing", "QUJD") + key("signing", "REVG"))),
      metadata(idp(key()), ""),
      "not xml at all <",
      metadata(idp(key(), redirectTo("javascript:alert(document.domain)//"))),
      metadata(idp(key(), redirectTo("not a url"))),
      metadata(idp(key(), redirectTo("data:text/html,hi"))),
    ];
    for (const xml of refused) expect(() => parseIdpMetadata(xml)).toThrow(MetadataError);
  });
});
