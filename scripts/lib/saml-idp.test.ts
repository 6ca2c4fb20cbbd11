// The SAML builder checked by the product's own SP library (@node-saml/node-saml): what it builds
// well-formed validates and yields the email; what it builds broken or hostile is refused (or,
// for the comment injection, read in full). So a product test that uses these builders tests the
// product, not a quirk of the stand-in.
import { DOMParser } from "@xmldom/xmldom";
import { SAML, ValidateInResponseTo, type SamlConfig } from "@node-saml/node-saml";
import { SignedXml } from "xml-crypto";
import { describe, expect, it } from "vitest";
import {
  buildSamlResponse,
  certificateBody,
  commentInjectionResponse,
  doctypeResponse,
  idpMetadataXml,
  NS,
  oversizedResponse,
  parseAuthnRequest,
  samlCertificate,
  signatureWrappingResponse,
  WRAPPING_VARIANTS,
} from "./saml-idp";

const SP = "https://app.test/api/auth/sso/saml/conn_1/metadata";
const ACS = "https://app.test/api/auth/sso/saml/conn_1/acs";
const IDP = "https://idp.test/saml";
const base = { issuer: IDP, destination: ACS, audience: SP, inResponseTo: "_req_1" };

/** The product's SP, as the brief configures it: signed assertions, audience = SP entity id. */
function sp(overrides: Partial<SamlConfig> = {}) {
  return new SAML({
    idpCert: samlCertificate("idp"),
    issuer: SP,
    callbackUrl: ACS,
    audience: SP,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    validateInResponseTo: ValidateInResponseTo.never,
    ...overrides,
  });
}
const validate = (SAMLResponse: string, saml = sp()) => saml.validatePostResponseAsync({ SAMLResponse });

describe("buildSamlResponse", () => {
  it("builds a signed response that node-saml accepts, with the email as NameID and attribute", async () => {
    const built = buildSamlResponse({
      ...base,
      nameId: "ada@acme.com",
      attributes: { email: "ada@acme.com", firstName: "Ada", lastName: "L" },
    });
    const { profile } = await validate(built.base64);
    expect(profile).toMatchObject({
      issuer: IDP,
      nameID: "ada@acme.com",
      nameIDFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
      email: "ada@acme.com",
      firstName: "Ada",
      inResponseTo: "_req_1",
    });
    expect(built.xml).toContain(`ID="${built.assertionId}"`);
    expect(built.xml).toContain(`<saml:SubjectConfirmationData InResponseTo="_req_1"`);
    expect(built.xml).toContain(`Recipient="${ACS}"`);
    expect(built.xml).toContain('Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"');
  });

  it("signs the assertion, the response or both as asked", async () => {
    const either = sp({ wantAssertionsSigned: false });
    for (const sign of ["assertion", "response", "both"] as const) {
      const built = buildSamlResponse({ ...base, nameId: "ada@acme.com", sign });
      expect(built.xml.match(/<ds:Signature /g)).toHaveLength(sign === "both" ? 2 : 1);
      await expect(validate(built.base64, either)).resolves.toMatchObject({ profile: { nameID: "ada@acme.com" } });
    }
    await expect(validate(buildSamlResponse({ ...base, nameId: "ada@acme.com", sign: "response" }).base64)).rejects.toThrow(
      /Invalid signature/,
    );
  });

  it("an unsigned response is refused", async () => {
    const built = buildSamlResponse({ ...base, nameId: "ada@acme.com", sign: "none" });
    expect(built.xml).not.toContain("Signature");
    await expect(validate(built.base64)).rejects.toThrow(/Invalid signature/);
    await expect(validate(built.base64, sp({ wantAssertionsSigned: false }))).rejects.toThrow(/Invalid signature/);
  });

  it("a response signed by another key is refused; the next key is accepted once trusted (rollover)", async () => {
    await expect(validate(buildSamlResponse({ ...base, nameId: "ada@acme.com", key: "other-idp" }).base64)).rejects.toThrow(
      /Invalid signature/,
    );
    const next = buildSamlResponse({ ...base, nameId: "ada@acme.com", key: "idp-next" });
    await expect(validate(next.base64)).rejects.toThrow(/Invalid signature/);
    const rolling = sp({ idpCert: [samlCertificate("idp"), samlCertificate("idp-next")] });
    await expect(validate(next.base64, rolling)).resolves.toMatchObject({ profile: { nameID: "ada@acme.com" } });
  });

  it("signs with RSA-SHA1 when asked, which node-saml still accepts: the product must refuse it by itself", async () => {
    const built = buildSamlResponse({ ...base, nameId: "ada@acme.com", algorithm: "rsa-sha1" });
    expect(built.xml).toContain('<ds:SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"/>');
    expect(built.xml).toContain('<ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/>');
    await expect(validate(built.base64)).resolves.toMatchObject({ profile: { nameID: "ada@acme.com" } });
  });

  it("carries the conditions it is given: a wrong audience or an expired assertion is refused", async () => {
    await expect(validate(buildSamlResponse({ ...base, audience: "https://other.test/sp", nameId: "a@acme.com" }).base64)).rejects.toThrow(
      /audience/i,
    );
    const past = new Date(Date.now() - 3600_000);
    await expect(
      validate(
        buildSamlResponse({ ...base, nameId: "a@acme.com", issueInstant: past, notOnOrAfter: new Date(past.getTime() + 60_000) }).base64,
      ),
    ).rejects.toThrow(/expired/i);
    const future = new Date(Date.now() + 3600_000);
    await expect(validate(buildSamlResponse({ ...base, nameId: "a@acme.com", notBefore: future }).base64)).rejects.toThrow(
      /not yet valid/i,
    );
  });

  it("sets or leaves out every identifier the SP checks (recipient, destination, InResponseTo, ids)", () => {
    const built = buildSamlResponse({
      ...base,
      nameId: "a@acme.com",
      recipient: "https://evil.test/acs",
      inResponseTo: null,
      destination: null,
      assertionId: "_fixed_assertion",
      responseId: "_fixed_response",
    });
    expect(built.xml).toContain('Recipient="https://evil.test/acs"');
    expect(built.xml).not.toContain("InResponseTo");
    expect(built.xml).not.toContain("Destination=");
    expect(built).toMatchObject({ assertionId: "_fixed_assertion", responseId: "_fixed_response" });
    expect(Buffer.from(built.base64, "base64").toString()).toBe(built.xml);
  });

  it("a failure status carries no assertion, and node-saml reports the status", async () => {
    const built = buildSamlResponse({
      ...base,
      nameId: "a@acme.com",
      status: "Responder",
      subStatus: "AuthnFailed",
      statusMessage: "Locked",
    });
    expect(built.xml).not.toContain("Assertion");
    await expect(validate(built.base64)).rejects.toThrow("SAML provider returned Responder error: Locked");
  });
});

describe("attacks", () => {
  for (const variant of WRAPPING_VARIANTS) {
    it(`signature wrapping (${variant}): a real attack, and node-saml refuses it`, async () => {
      const wrapped = signatureWrappingResponse({ ...base, victim: "victim@acme.com", attacker: "attacker@acme.com", variant });
      expect(wrapped.xml).toContain(">attacker@acme.com</saml:NameID>");
      expect(wrapped.xml).toContain(">victim@acme.com</saml:NameID>");
      // The original signature still verifies by itself (except where the ids collide, which
      // xml-crypto refuses outright): a verifier that then reads another assertion is fooled.
      const doc = new DOMParser().parseFromString(wrapped.xml, "text/xml");
      const signature = doc.getElementsByTagNameNS(NS.dsig, "Signature")[0]!;
      const check = new SignedXml({ publicCert: samlCertificate("idp") });
      check.loadSignature(signature as unknown as Node);
      if (variant === "duplicate-id") expect(() => check.checkSignature(wrapped.xml)).toThrow(/same value for the ID/);
      else expect(check.checkSignature(wrapped.xml)).toBe(true);

      for (const saml of [sp(), sp({ wantAssertionsSigned: false }), sp({ wantAssertionsSigned: false, wantAuthnResponseSigned: true })]) {
        await expect(validate(wrapped.base64, saml)).rejects.toThrow(/Invalid signature|Invalid document signature/);
      }
    });
  }

  it("comment injection: the comment is inside the signed assertion, and node-saml reads the whole NameID", async () => {
    const injected = commentInjectionResponse(base);
    expect(injected.xml).toContain(">user@evil.com<!---->.acme.com</saml:NameID>");
    expect(injected).toMatchObject({ fullNameId: "user@evil.com.acme.com", truncatedNameId: "user@evil.com" });
    // The comment sits in the assertion the signature covers, before the signature's own position.
    const assertionStart = injected.xml.indexOf("<saml:Assertion");
    expect(injected.xml.indexOf("<!---->")).toBeGreaterThan(assertionStart);
    const { profile } = await validate(injected.base64);
    expect(profile?.nameID).toBe("user@evil.com.acme.com");
    expect(profile?.email).toBe("user@evil.com.acme.com");
    expect(profile?.nameID).not.toBe("user@evil.com");
  });

  it("a DOCTYPE with entities (expansion, external) is refused without expanding anything", async () => {
    for (const kind of ["entity-expansion", "external-entity"] as const) {
      const hostile = doctypeResponse({ ...base, nameId: "a@acme.com", kind });
      expect(hostile.xml).toMatch(/^<\?xml[^>]*\?><!DOCTYPE samlp:Response \[<!ENTITY/);
      expect(hostile.xml.length).toBeLessThan(20_000);
      const started = Date.now();
      await expect(validate(hostile.base64)).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });

  it("an oversized response is about 5 MiB and otherwise valid", async () => {
    const big = oversizedResponse({ ...base, nameId: "a@acme.com" });
    expect(big.xml.length).toBeGreaterThan(5 * 1024 * 1024 - 4096);
    expect(big.xml.length).toBeLessThan(5 * 1024 * 1024 + 4096);
    await expect(validate(big.base64)).resolves.toMatchObject({ profile: { nameID: "a@acme.com" } });
  });
});

describe("parseAuthnRequest and idpMetadataXml", () => {
  it("reads the AuthnRequest node-saml sends over HTTP-Redirect", async () => {
    const saml = sp({ entryPoint: "https://idp.test/saml/sso" });
    const url = new URL(await saml.getAuthorizeUrlAsync("relay-1", undefined, {}));
    const request = parseAuthnRequest(url.searchParams.get("SAMLRequest")!);
    expect(request).toMatchObject({ acsUrl: ACS, issuer: SP, destination: "https://idp.test/saml/sso", forceAuthn: false });
    expect(request.id).toMatch(/^_/);
    expect(url.searchParams.get("RelayState")).toBe("relay-1");
  });

  it("reads an HTTP-POST (not deflated) request, and refuses what is not an AuthnRequest", () => {
    const xml = `<samlp:AuthnRequest xmlns:samlp="${NS.protocol}" xmlns:saml="${NS.assertion}" ID="_r" AssertionConsumerServiceURL="${ACS}"><saml:Issuer>${SP}</saml:Issuer></samlp:AuthnRequest>`;
    expect(parseAuthnRequest(Buffer.from(xml).toString("base64"))).toMatchObject({ id: "_r", acsUrl: ACS, issuer: SP });
    expect(() => parseAuthnRequest(Buffer.from("<x/>").toString("base64"))).toThrow(/Not an AuthnRequest/);
    expect(() => parseAuthnRequest(Buffer.from("<!DOCTYPE x><x/>").toString("base64"))).toThrow(/DOCTYPE/);
  });

  it("publishes the entity id, the SSO URL and one signing key per certificate", () => {
    const xml = idpMetadataXml({
      entityId: IDP,
      ssoUrl: "https://idp.test/saml/sso",
      certs: [samlCertificate("idp"), samlCertificate("idp-next")],
    });
    const doc = new DOMParser().parseFromString(xml, "text/xml");
    expect(doc.documentElement!.getAttribute("entityID")).toBe(IDP);
    const certs = Array.from(doc.getElementsByTagNameNS(NS.dsig, "X509Certificate")).map((c) => c.textContent);
    expect(certs).toEqual([certificateBody(samlCertificate("idp")), certificateBody(samlCertificate("idp-next"))]);
    const sso = doc.getElementsByTagNameNS(NS.metadata, "SingleSignOnService")[0]!;
    expect(sso.getAttribute("Binding")).toBe("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect");
    expect(sso.getAttribute("Location")).toBe("https://idp.test/saml/sso");
  });
});
