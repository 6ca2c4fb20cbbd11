// Enterprise single sign-on (API.md, "Enterprise single sign-on"), through the HTTP handlers with
// the real stand-ins: a DNS server for the TXT records, a SAML IdP that signs real responses, an
// OIDC IdP that openid-client talks to. Each attack must fail for the attacker and touch nothing.
import { randomBytes } from "node:crypto";
import { createServer, type AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { api, expectProblem, fetchInProcess } from "../support/api";
import { PASSWORD, signUp, uniqueEmail, type SignedIn } from "../support/accounts";
import { setTxt, uniqueDomain, verificationRecordName } from "../support/dns";
import { codeIn, latestEmailTo } from "../support/mail";
import { enrolTotp } from "../support/mfa";
import {
  oidcIdp,
  oidcIdpSignIn,
  registerOidcClient,
  samlAcsForm,
  samlIdp,
  samlIdpMetadata,
  samlIdpSignIn,
  samlResponseFor,
} from "../support/sso";
import { addMember, createKey, stepUp } from "./organizations-fixtures";

const org = (owner: SignedIn) => `/api/organizations/${owner.organizationId}`;

async function verifiedDomain(owner: SignedIn, domain = uniqueDomain()) {
  const added = await api("POST", `${org(owner)}/domains`, { token: owner.access, json: { domain } });
  expect(added.status, added.text).toBe(201);
  await setTxt(verificationRecordName(domain), [added.body.verification.value]);
  const verified = await api("POST", `${org(owner)}/domains/${added.body.id}/verify`, { token: owner.access });
  expect(verified.status, verified.text).toBe(200);
  return domain;
}

async function samlConnection(owner: SignedIn, extra: Record<string, unknown> = {}) {
  await stepUp(owner);
  const res = await api("POST", `${org(owner)}/sso-connections`, {
    token: owner.access,
    json: { type: "saml", idpMetadataXml: await samlIdpMetadata(), ...extra },
  });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; acsUrl: string; spEntityId: string; spMetadataUrl: string };
}

/** A browser's SSO binding cookie (browser-binding.ts): the start sets it, the answer must bring it back. */
const browser = () => `ks_sso_binding=${randomBytes(32).toString("base64url")}`;
const THIS_BROWSER = browser();

async function start(email: string, cookie = THIS_BROWSER) {
  const res = await api("POST", "/api/auth/sso/start", { json: { email }, headers: { cookie } });
  expect(res.status, res.text).toBe(200);
  // The browser keeps the binding it had (two tabs can sign in at once).
  expect(res.headers.get("set-cookie")).toBe(`${cookie}; Path=/; Max-Age=600; HttpOnly; SameSite=None; Secure`);
  return res.body.url as string;
}

const postAcs = (connectionId: string, form: string, accept = "*/*", cookie: string | null = THIS_BROWSER) =>
  fetchInProcess(
    new Request(`http://localhost:3000/api/auth/sso/saml/${connectionId}/acs`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept, ...(cookie ? { cookie } : {}) },
      body: form,
    }),
  );

const getCallback = (callback: URL, cookie: string | null = THIS_BROWSER) =>
  fetchInProcess(new Request(`http://localhost:3000${callback.pathname}${callback.search}`, { headers: cookie ? { cookie } : {} }));

async function expectRefused(response: Response, status = 401, code = "invalid_credentials") {
  expect(response.status).toBe(status);
  expect(((await response.json()) as { code: string }).code).toBe(code);
}

describe("domains", () => {
  it("are claimed by owners, verified by the TXT record, once per domain; public mail domains are refused", async () => {
    const owner = await signUp();
    const domain = uniqueDomain();
    const added = await api("POST", `${org(owner)}/domains`, { token: owner.access, json: { domain: ` ${domain.toUpperCase()}. ` } });
    expect(added.status, added.text).toBe(201);
    expect(added.body).toMatchObject({
      domain,
      status: "pending",
      verification: { type: "dns-txt", name: `_keystone-verification.${domain}` },
    });
    expectProblem(await api("POST", `${org(owner)}/domains/${added.body.id}/verify`, { token: owner.access }), 409, "conflict");
    await setTxt(verificationRecordName(domain), ["something else", added.body.verification.value]);
    const verified = await api("POST", `${org(owner)}/domains/${added.body.id}/verify`, { token: owner.access });
    expect(verified.body.status).toBe("verified");

    // Another organization can claim it but never verify it.
    const rival = await signUp();
    const claim = await api("POST", `${org(rival)}/domains`, { token: rival.access, json: { domain } });
    await setTxt(verificationRecordName(domain), [added.body.verification.value, claim.body.verification.value]);
    expectProblem(await api("POST", `${org(rival)}/domains/${claim.body.id}/verify`, { token: rival.access }), 409, "conflict");

    expectProblem(
      await api("POST", `${org(owner)}/domains`, { token: owner.access, json: { domain: "gmail.com" } }),
      422,
      "validation_failed",
    );
    const member = await addMember(owner, owner.organizationId, "member");
    expectProblem(await api("GET", `${org(owner)}/domains`, { token: member.access }), 403, "forbidden");
    const admin = await addMember(owner, owner.organizationId, "admin");
    expect((await api("GET", `${org(owner)}/domains`, { token: admin.access })).body.items).toHaveLength(1);
    expectProblem(await api("POST", `${org(owner)}/domains`, { token: admin.access, json: { domain: uniqueDomain() } }), 403, "forbidden");
  });
});

describe("SAML connections", () => {
  it("need the step-up, answer what to give the IdP, never a secret; the SP metadata is served", async () => {
    const owner = await signUp();
    expectProblem(
      await api("POST", `${org(owner)}/sso-connections`, {
        token: owner.access,
        json: { type: "saml", idpMetadataXml: await samlIdpMetadata() },
      }),
      403,
      "reauthentication_required",
    );
    const connection = await samlConnection(owner);
    expect(connection).toMatchObject({ type: "saml", idpEntityId: samlIdp().entityId, idpSsoUrl: samlIdp().ssoUrl, enforced: false });
    const metadata = await fetchInProcess(new Request(connection.spMetadataUrl));
    expect(metadata.status).toBe(200);
    expect(await metadata.text()).toContain(connection.acsUrl);
  });

  it("signs a new person at a verified domain in: a confirmed account, a membership with the default role, the session cookie", async () => {
    const owner = await signUp();
    const domain = await verifiedDomain(owner);
    const connection = await samlConnection(owner, { defaultRole: "admin" });
    const email = `grace@${domain}`;
    const answer = await samlIdpSignIn(await start(email), email);
    const res = await postAcs(connection.id, answer.form);
    const failed = await db().auditEvent.findFirst({ where: { type: "sso.login_failed", organizationId: owner.organizationId } });
    expect(res.status, JSON.stringify(failed?.metadata)).toBe(303);
    expect(res.headers.get("set-cookie")).toMatch(/authjs\.session-token=/);
    const user = await db().user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
    expect(user.emailVerified).not.toBeNull();
    expect((await db().user.findUniqueOrThrow({ where: { email }, omit: { passwordHash: false } })).passwordHash).toBeNull();
    expect(user.memberships).toEqual([expect.objectContaining({ organizationId: owner.organizationId, role: "admin" })]);
    const session = await db().authSession.findFirstOrThrow({ where: { userId: user.id } });
    expect(session).toMatchObject({ aal: "aal1", amr: ["sso"], ssoOrganizationId: owner.organizationId });
    const log = await api("GET", `${org(owner)}/audit-log`, { token: owner.access });
    expect(log.body.items.find((e: { type: string }) => e.type === "sso.login_succeeded")).toMatchObject({ actorId: user.id });
    // The same answer again is a replay.
    await expectRefused(await postAcs(connection.id, answer.form));
  });

  it("joins an existing account, asks its second factor unless the IdP enforces MFA", async () => {
    const owner = await signUp();
    const domain = await verifiedDomain(owner);
    const person = await signUp({ email: `ada@${domain}` });
    await enrolTotp(person);
    const connection = await samlConnection(owner);
    let res = await postAcs(connection.id, (await samlIdpSignIn(await start(person.email), person.email)).form);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/\/two-factor/);
    expect(res.headers.get("set-cookie")).toMatch(/ks_mfa_pending=/);
    expect(await db().membership.count({ where: { userId: person.userId, organizationId: owner.organizationId } })).toBe(1);
    await stepUp(owner);
    await api("PATCH", `${org(owner)}/sso-connections/${connection.id}`, { token: owner.access, json: { idpEnforcesMfa: true } });
    res = await postAcs(connection.id, (await samlIdpSignIn(await start(person.email), person.email)).form);
    expect(res.headers.get("set-cookie")).toMatch(/authjs\.session-token=/);
    expect(await db().authSession.count({ where: { userId: person.userId, aal: "aal2", amr: { has: "sso" } } })).toBe(1);
  });

  it("refuses every forged or misdirected answer and touches nothing", async () => {
    const owner = await signUp();
    const domain = await verifiedDomain(owner);
    const connection = await samlConnection(owner);
    const email = `victim@${domain}`;
    const attempts: [string, () => Promise<string>][] = [
      ["unsigned", async () => (await samlIdpSignIn(await start(email), email, { mode: "unsigned" })).form],
      ["another IdP's key", async () => (await samlIdpSignIn(await start(email), email, { mode: "other-idp" })).form],
      ["RSA-SHA1", async () => (await samlIdpSignIn(await start(email), email, { mode: "rsa-sha1" })).form],
      ["wrong issuer", async () => (await samlIdpSignIn(await start(email), email, { mode: "wrong-issuer" })).form],
      ["wrong audience", async () => (await samlIdpSignIn(await start(email), email, { mode: "wrong-audience" })).form],
      ["wrong recipient", async () => (await samlIdpSignIn(await start(email), email, { mode: "wrong-recipient" })).form],
      ["wrong destination", async () => (await samlIdpSignIn(await start(email), email, { mode: "wrong-destination" })).form],
      ["expired", async () => (await samlIdpSignIn(await start(email), email, { mode: "expired" })).form],
      ["not yet valid", async () => (await samlIdpSignIn(await start(email), email, { mode: "not-yet-valid" })).form],
      ["another request", async () => (await samlIdpSignIn(await start(email), email, { mode: "wrong-in-response-to" })).form],
      ["no InResponseTo (IdP-initiated)", async () => (await samlIdpSignIn(await start(email), email, { mode: "no-in-response-to" })).form],
      ["DOCTYPE", async () => (await samlIdpSignIn(await start(email), email, { mode: "doctype" })).form],
      [
        "NotOnOrAfter 61 s ago",
        async () => {
          const built = samlResponseFor(await start(email), { nameId: email, notOnOrAfter: new Date(Date.now() - 61_000) } as never);
          return samlAcsForm(built.base64, built.RelayState);
        },
      ],
      [
        // An unsolicited signed assertion (no InResponseTo inside), grafted onto the attacker's own
        // request by naming it on the unsigned Response element.
        "InResponseTo on the unsigned Response only",
        async () => {
          const unsolicited = samlResponseFor(await start(email), { nameId: email, inResponseTo: null } as never);
          const attackers = samlResponseFor(await start(email), { nameId: email });
          const grafted = unsolicited.xml.replace("<samlp:Response ", `<samlp:Response InResponseTo="${attackers.requestId}" `);
          expect(grafted).not.toBe(unsolicited.xml);
          return samlAcsForm(Buffer.from(grafted).toString("base64"), attackers.RelayState);
        },
      ],
    ];
    for (const variant of [
      "xsw-evil-first",
      "xsw-evil-last",
      "xsw-evil-wraps-original",
      "xsw-original-in-extensions",
      "xsw-original-in-signature-object",
      "xsw-duplicate-id",
      "xsw-response-wrap",
    ]) {
      attempts.push([
        variant,
        async () => (await samlIdpSignIn(await start(email), email, { mode: variant as never, inject: `attacker@${domain}` })).form,
      ]);
    }
    for (const [what, form] of attempts) {
      const res = await postAcs(connection.id, await form());
      expect(res.status, what).toBe(401);
    }
    expect(await db().user.count({ where: { email: { in: [email, `attacker@${domain}`] } } })).toBe(0);
  });

  it("refuses an address outside the verified domains (403 sso_domain_not_verified), another organization's domain and a comment-injected NameID", async () => {
    const owner = await signUp();
    const domain = await verifiedDomain(owner);
    const connection = await samlConnection(owner);
    const other = await signUp();
    const otherDomain = await verifiedDomain(other);
    for (const email of [`ceo@${otherDomain}`, `x@unverified-${domain}`, `user@evil.com.${domain}`]) {
      const built = samlResponseFor(await start(`someone@${domain}`), { nameId: email, attributes: { email } } as never);
      const res = await postAcs(connection.id, samlAcsForm(built.base64, built.RelayState));
      await expectRefused(res, 403, "sso_domain_not_verified");
      expect(await db().user.count({ where: { email } })).toBe(0);
    }
    // A comment inside the signed NameID never truncates it to the attacker's address: whoever
    // signs in is at the verified domain, or nobody is.
    const injected = await samlIdpSignIn(await start(`someone@${domain}`), `user@${domain}`, { mode: "comment-injection" });
    const res = await postAcs(connection.id, injected.form);
    expect([303, 403]).toContain(res.status);
    expect(await db().user.count({ where: { email: { startsWith: "user@evil.com" }, NOT: { email: { endsWith: `.${domain}` } } } })).toBe(
      0,
    );
    const members = await db().membership.findMany({ where: { organizationId: owner.organizationId }, include: { user: true } });
    for (const m of members) if (m.userId !== owner.userId) expect(m.user.email.endsWith(`@${domain}`)).toBe(true);
  });

  it("sends a browser to the sign-in page with the reason; a 5 MB answer is refused", async () => {
    const owner = await signUp();
    const domain = await verifiedDomain(owner);
    const connection = await samlConnection(owner);
    const email = `b@${domain}`;
    const res = await postAcs(connection.id, (await samlIdpSignIn(await start(email), email, { mode: "unsigned" })).form, "text/html");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/\/login\?error=invalid_credentials$/);
    const big = await postAcs(connection.id, (await samlIdpSignIn(await start(email), email, { mode: "oversized" })).form);
    expect([401, 413]).toContain(big.status);
  });

  it("answers start the same for unknown addresses, domains and organizations", async () => {
    for (const json of [{ email: uniqueEmail() }, { email: `a@${uniqueDomain()}` }, { organizationSlug: "no-such-organization" }]) {
      expectProblem(await api("POST", "/api/auth/sso/start", { json }), 404, "not_found");
    }
  });
});

describe("login CSRF: an answer is accepted only from the browser that started it", () => {
  const failureReasons = async (organizationId: string) =>
    (await db().auditEvent.findMany({ where: { type: "sso.login_failed", organizationId }, orderBy: { createdAt: "asc" } })).map(
      (e) => (e.metadata as { reason?: string }).reason,
    );

  it("SAML: an answer posted without the start's cookie, or by another browser, is refused and leaves the request to its browser", async () => {
    const owner = await signUp();
    const domain = await verifiedDomain(owner);
    const connection = await samlConnection(owner);
    const email = `victim@${domain}`;
    const mine = browser();
    const answer = await samlIdpSignIn(await start(email, mine), email);
    await expectRefused(await postAcs(connection.id, answer.form, "*/*", null));
    await expectRefused(await postAcs(connection.id, answer.form, "*/*", browser()));
    expect(await db().user.count({ where: { email } })).toBe(0);
    expect(await failureReasons(owner.organizationId)).toEqual(["no_browser_binding", "request_spent_or_other_browser"]);
    const res = await postAcs(connection.id, answer.form, "*/*", mine);
    expect(res.status).toBe(303);
  });

  it("OIDC: a callback without the start's cookie, or from another browser, is refused", async () => {
    const owner = await signUp();
    const domain = await verifiedDomain(owner);
    await stepUp(owner);
    const created = await api("POST", `${org(owner)}/sso-connections`, {
      token: owner.access,
      json: { type: "oidc", issuer: oidcIdp().issuer, clientId: `client-${domain}`, clientSecret: "binding-secret" },
    });
    await registerOidcClient({ id: `client-${domain}`, secret: "binding-secret", redirectUris: [created.body.redirectUri] });
    const email = `victim@${domain}`;
    const mine = browser();
    const callback = await oidcIdpSignIn(await start(email, mine), email);
    expect((await getCallback(callback, null)).status).toBe(401);
    expect((await getCallback(callback, browser())).status).toBe(401);
    expect((await getCallback(callback, mine)).status).toBe(303);
    expect(await failureReasons(owner.organizationId)).toEqual(["no_browser_binding", "unknown_request_or_other_browser"]);
  });

  it("the start as a link (GET) redirects to the IdP with the cookie; another site's navigation lands on /sso; an unknown address on /login", async () => {
    const owner = await signUp();
    const domain = await verifiedDomain(owner);
    const connection = await samlConnection(owner);
    const link = (query: string, site?: string) =>
      fetchInProcess(new Request(`http://localhost:3000/api/auth/sso/start?${query}`, { headers: site ? { "sec-fetch-site": site } : {} }));

    const ours = await link(`email=${encodeURIComponent(`a@${domain}`)}&returnTo=%2Fprofile`, "same-origin");
    expect(ours.status).toBe(303);
    expect(ours.headers.get("location")).toMatch(new RegExp(`^${samlIdp().ssoUrl}\\?SAMLRequest=`));
    const cookie = ours.headers.get("set-cookie")!.split(";")[0];
    expect(cookie).toMatch(/^ks_sso_binding=[\w-]{43}$/);
    const answer = await samlIdpSignIn(ours.headers.get("location")!, `a@${domain}`);
    const signedIn = await postAcs(connection.id, answer.form, "*/*", cookie);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get("location")).toBe("http://localhost:3000/profile");

    const { slug } = await db().organization.findUniqueOrThrow({ where: { id: owner.organizationId } });
    for (const site of ["cross-site", "same-site"]) {
      const theirs = await link(`organization=${slug}`, site);
      expect(theirs.status).toBe(303);
      expect(theirs.headers.get("location")).toBe(`http://localhost:3000/sso?organization=${slug}`);
      expect(theirs.headers.get("set-cookie")).toBeNull();
    }
    const unknown = await link(`email=${encodeURIComponent(`a@${uniqueDomain()}`)}`);
    expect(unknown.headers.get("location")).toBe("http://localhost:3000/login?error=not_found");
    expectProblem(await api("GET", "/api/auth/sso/start?returnTo=%2F"), 422, "validation_failed");
  });
});

describe("enforcement", () => {
  it("refuses password sign-in for the domain's people (403 sso_required with ssoUrl) and their non-SSO sessions on the organization's routes; owners keep break-glass", async () => {
    const owner = await signUp();
    const domain = await verifiedDomain(owner);
    const person = await addMember(owner, owner.organizationId, "member", "worker");
    await db().user.update({ where: { id: person.userId }, data: { email: `worker@${domain}` } });
    const ownerAtDomain = `boss@${domain}`;
    await db().user.update({ where: { id: owner.userId }, data: { email: ownerAtDomain } });
    const connection = await samlConnection(owner, { enforced: true });

    const refused = await api("POST", "/api/auth/login", { json: { email: `worker@${domain}`, password: PASSWORD } });
    expectProblem(refused, 403, "sso_required");
    expect(refused.body.ssoUrl).toMatch(/\/sso\?organization=/);
    expectProblem(await api("GET", `${org(owner)}/members`, { token: person.access }), 403, "sso_required");

    // Break-glass: the owner's password still signs in, and says so.
    const glass = await api("POST", "/api/auth/login", { json: { email: ownerAtDomain, password: PASSWORD } });
    expect(glass.status, glass.text).toBe(200);
    const event = await db().auditEvent.findFirstOrThrow({
      where: { actorId: owner.userId, type: "login.succeeded" },
      orderBy: { createdAt: "desc" },
    });
    expect((event.metadata as { via: string }).via).toMatch(/:break_glass$/);

    // Through the IdP, the person's session reaches the organization.
    const res = await postAcs(connection.id, (await samlIdpSignIn(await start(`worker@${domain}`), `worker@${domain}`)).form);
    expect(res.status).toBe(303);
    const session = await db().authSession.findFirstOrThrow({ where: { userId: person.userId, ssoOrganizationId: owner.organizationId } });
    expect(session.revokedAt).toBeNull();
  });
});

describe("enforcement reaches past sign-in", () => {
  it("a key made by a person it now holds stops working (an owner's does not); their address cannot leave the domain, even by a change asked before", async () => {
    const owner = await signUp();
    const domain = await verifiedDomain(owner);
    const person = await addMember(owner, owner.organizationId, "admin", "keymaker");
    const personAtDomain = `keymaker@${domain}`;
    await db().user.update({ where: { id: person.userId }, data: { email: personAtDomain } });
    const personsKey = await createKey(person, owner.organizationId);
    const ownersKey = await createKey(owner, owner.organizationId);
    // A change away from the domain, asked before the enforcement and confirmed after it.
    const elsewhere = uniqueEmail("escape");
    const asked = await api("PATCH", "/api/auth/profile", { token: person.access, json: { email: elsewhere, currentPassword: PASSWORD } });
    expect(asked.status, asked.text).toBe(200);
    const code = codeIn(await latestEmailTo(elsewhere));

    await samlConnection(owner, { enforced: true });
    expect((await api("GET", `${org(owner)}/members`, { apiKey: personsKey.key })).status).toBe(401);
    expect((await api("GET", `${org(owner)}/members`, { apiKey: ownersKey.key })).status).toBe(200);

    const confirmed = await api("POST", "/api/auth/confirm-account", { json: { email: elsewhere, code } });
    expectProblem(confirmed, 403, "sso_required");
    const again = await api("PATCH", "/api/auth/profile", { token: person.access, json: { email: uniqueEmail("escape"), currentPassword: PASSWORD } });
    expectProblem(again, 403, "sso_required");
    expect((await db().user.findUniqueOrThrow({ where: { id: person.userId } })).email).toBe(personAtDomain);
    // Within the domain, or as the organization's owner, an address still moves.
    const sameDomain = await api("PATCH", "/api/auth/profile", {
      token: person.access,
      json: { email: `keymaker2@${domain}`, currentPassword: PASSWORD },
    });
    expect(sameDomain.status, sameDomain.text).toBe(200);
    await db().user.update({ where: { id: owner.userId }, data: { email: `boss@${domain}` } });
    const ownerMoves = await api("PATCH", "/api/auth/profile", { token: owner.access, json: { email: uniqueEmail("boss"), currentPassword: PASSWORD } });
    expect(ownerMoves.status, ownerMoves.text).toBe(200);
  });
});

describe("OIDC connections", () => {
  it("sign in with code + PKCE, never show the secret, and refuse an unverified email", async () => {
    const owner = await signUp();
    const domain = await verifiedDomain(owner);
    await stepUp(owner);
    const secret = "oidc-secret-for-tests";
    const clientId = `client-${domain}`;
    const created = await api("POST", `${org(owner)}/sso-connections`, {
      token: owner.access,
      json: { type: "oidc", issuer: oidcIdp().issuer, clientId, clientSecret: secret },
    });
    expect(created.status, created.text).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain(secret);
    await registerOidcClient({ id: clientId, secret, redirectUris: [created.body.redirectUri] });

    const email = `oidc@${domain}`;
    const callback = await oidcIdpSignIn(await start(email), email);
    const res = await getCallback(callback);
    expect(res.status, await res.clone().text()).toBe(303);
    expect(res.headers.get("set-cookie")).toMatch(/authjs\.session-token=/);
    expect(await db().user.count({ where: { email, emailVerified: { not: null } } })).toBe(1);
    // The same callback again: its state is spent.
    expect((await getCallback(callback)).status).toBe(401);

    const unverified = `unverified@${domain}`;
    const refused = await oidcIdpSignIn(await start(unverified), unverified, { emailVerified: false });
    expect((await getCallback(refused)).status).toBe(401);
    expect(await db().user.count({ where: { email: unverified } })).toBe(0);
  });
});

describe("OIDC connections and the address rule", () => {
  it("never reach a private address when the rule is on: the start answers 503, no connection is opened to loopback", async () => {
    // A listener on loopback counts the connections made to it: an IP literal is dialled without
    // a lookup, so the rule must judge it before the socket opens, not after.
    let dialled = 0;
    const listener = createServer((socket) => {
      dialled++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const { port } = listener.address() as AddressInfo;
    const owner = await signUp();
    const domain = await verifiedDomain(owner);
    await stepUp(owner);
    process.env.WEBHOOKS_ALLOW_PRIVATE_URLS = "false";
    resetConfigForTests();
    try {
      for (const host of ["127.0.0.1", "[::ffff:127.0.0.1]", "2130706433", "0x7f.1", "localhost"]) {
        await db().ssoConnection.deleteMany({ where: { organizationId: owner.organizationId } });
        const created = await api("POST", `${org(owner)}/sso-connections`, {
          token: owner.access,
          json: { type: "oidc", issuer: `https://${host}:${port}/oidc`, clientId: "c", clientSecret: "s" },
        });
        expect(created.status, created.text).toBe(201);
        expectProblem(await api("POST", "/api/auth/sso/start", { json: { email: `x@${domain}` } }), 503, "service_unavailable");
      }
      expect(dialled).toBe(0);
    } finally {
      delete process.env.WEBHOOKS_ALLOW_PRIVATE_URLS;
      resetConfigForTests();
      listener.close();
    }
  });
});

describe("bad input at the sign-in endpoints", () => {
  it("is a 4xx, never a 500 (a NUL byte, a malformed state)", async () => {
    expectProblem(await api("POST", "/api/auth/sso/start", { json: { organizationSlug: "a\u0000b" } }), 422, "validation_failed");
    for (const query of ["organization=%00", "connection=%00", "email=a%00@b.test"])
      expectProblem(await api("GET", `/api/auth/sso/start?${query}`), 422, "validation_failed");
    const owner = await signUp();
    await verifiedDomain(owner);
    const connection = await samlConnection(owner);
    await db().ssoConnection.update({ where: { id: connection.id }, data: { type: "oidc", issuer: oidcIdp().issuer } });
    for (const state of ["%00", "a%00b", "x".repeat(300)])
      expect((await getCallback(new URL(`http://x/api/auth/sso/oidc/${connection.id}/callback?state=${state}&code=c`))).status).toBe(401);
  });
});
