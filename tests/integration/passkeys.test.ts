import { decodeJwt } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { config, resetConfigForTests } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { api, expectProblem } from "../support/api";
import { PASSWORD, signIn, signUp } from "../support/accounts";
import { latestEmailTo } from "../support/mail";
import { enrolTotp, nextCode, passwordStep, stepUp } from "../support/mfa";
import { addPasskey, authenticate, newPasskey, requestOptions } from "../support/passkeys";
import { SoftwarePasskey } from "../support/webauthn";
import { orgWithEveryRole } from "./organizations-fixtures";

// Passkeys through the real route handlers and @simplewebauthn/server, answered by a software
// authenticator (tests/support/webauthn.ts) holding a real P-256 key.

const clearStepUp = (userId: string) => db().authSession.updateMany({ where: { userId }, data: { stepUpUntil: null } });

describe("adding and managing passkeys", () => {
  it("needs the step-up window, keeps the passkey, hands out recovery codes for a first factor, audits and tells the owner", async () => {
    const user = await signUp();
    const early = await api("POST", "/api/auth/passkeys/register/options", { token: user.access });
    expectProblem(early, 403, "reauthentication_required");

    const before = new Date();
    const { added } = await addPasskey(user, newPasskey(), "Laptop");
    expect(added.name).toBe("Laptop");
    expect(added.recoveryCodes).toHaveLength(10);
    expect((await api("GET", "/api/auth/mfa", { token: user.access })).body).toEqual({
      enabled: true,
      totp: false,
      passkeys: 1,
      recoveryCodesLeft: 10,
    });
    expect((await api("GET", "/api/auth/profile", { token: user.access })).body.mfaEnabled).toBe(true);
    expect(await db().auditEvent.count({ where: { actorId: user.userId, type: "passkey.added" } })).toBe(1);
    expect((await latestEmailTo(user.email, { after: before, subject: /passkey|security|factor/i })).text).toContain("A passkey was added");

    // A second passkey is not a first factor: no new codes; its default name is the device's.
    await stepUp(user);
    const options = await api("POST", "/api/auth/passkeys/register/options", { token: user.access });
    expect(options.body.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    expect(options.body.attestation).toBe("none");
    // EdDSA, ES256, RS256 on every Node: no ML-DSA-44, which Node 24 would add (relying-party.ts).
    expect(options.body.pubKeyCredParams).toEqual([-8, -7, -257].map((alg) => ({ alg, type: "public-key" })));
    expect(options.body.excludeCredentials).toHaveLength(1);
    const second = await api("POST", "/api/auth/passkeys/register/verify", {
      token: user.access,
      headers: {
        "user-agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
      },
      json: { response: newPasskey({ synced: true }).register(options.body) },
    });
    expect(second.status, second.text).toBe(201);
    expect(second.body.name).toBe("Chrome on macOS");
    expect(second.body.recoveryCodes).toBeUndefined();

    const list = await api("GET", "/api/auth/passkeys", { token: user.access });
    expect(list.body.items.map((p: { name: string; backedUp: boolean; lastUsedAt: null }) => [p.name, p.backedUp, p.lastUsedAt])).toEqual([
      ["Laptop", false, null],
      ["Chrome on macOS", true, null],
    ]);
  });

  it("renames and removes only the owner's passkeys; removing the last factor drops the recovery codes", async () => {
    const owner = await signUp();
    const other = await signUp();
    const { added } = await addPasskey(owner);

    const renamed = await api("PATCH", `/api/auth/passkeys/${added.id}`, { token: owner.access, json: { name: "  Work phone " } });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body.name).toBe("Work phone");
    const notTheirs = await api("PATCH", `/api/auth/passkeys/${added.id}`, { token: other.access, json: { name: "Mine now" } });
    expect(notTheirs.status).toBe(404);
    await stepUp(other);
    expect((await api("DELETE", `/api/auth/passkeys/${added.id}`, { token: other.access })).status).toBe(404);

    await clearStepUp(owner.userId);
    const noStepUp = await api("DELETE", `/api/auth/passkeys/${added.id}`, { token: owner.access });
    expect(noStepUp.body.code).toBe("reauthentication_required");
    await stepUp(owner);
    expect((await api("DELETE", `/api/auth/passkeys/${added.id}`, { token: owner.access })).status).toBe(204);
    expect((await api("GET", "/api/auth/mfa", { token: owner.access })).body).toEqual({
      enabled: false,
      totp: false,
      passkeys: 0,
      recoveryCodesLeft: 0,
    });
    expect(await db().auditEvent.count({ where: { actorId: owner.userId, type: "passkey.removed" } })).toBe(1);
    // The password alone signs in again.
    expect((await api("POST", "/api/auth/login", { json: { email: owner.email, password: PASSWORD } })).status).toBe(200);
  });

  it("keeps emoji sequences in a passkey's name and refuses what hides or reorders text, like every other name", async () => {
    const user = await signUp();
    const { added } = await addPasskey(user);
    const name = "Zo\u00eb's \u{1F4F1} \u{1F469}\u{1F3FD}\u200d\u{1F4BB}";
    const renamed = await api("PATCH", `/api/auth/passkeys/${added.id}`, { token: user.access, json: { name } });
    expect(renamed.status, renamed.text).toBe(200);
    expect((await api("GET", "/api/auth/passkeys", { token: user.access })).body.items[0].name).toBe(name);
    // NUL would reach PostgreSQL, which refuses it (a 500); a bidi override would reorder the list.
    for (const bad of ["Laptop\u0000", "Laptop \u202egnp.exe", "Laptop\u200d"]) {
      const res = await api("PATCH", `/api/auth/passkeys/${added.id}`, { token: user.access, json: { name: bad } });
      expect(res.status, JSON.stringify(bad)).toBe(422);
    }
  });

  it("keeps the recovery codes while another factor remains", async () => {
    const user = await signUp();
    await enrolTotp(user);
    const { added } = await addPasskey(user);
    expect(added.recoveryCodes).toBeUndefined();
    await stepUp(user);
    expect((await api("DELETE", `/api/auth/passkeys/${added.id}`, { token: user.access })).status).toBe(204);
    expect((await api("GET", "/api/auth/mfa", { token: user.access })).body).toMatchObject({
      enabled: true,
      totp: true,
      passkeys: 0,
      recoveryCodesLeft: 10,
    });
  });
});

describe("signing in with a passkey", () => {
  it("alone: a usernameless sign-in at aal2 (hwk for a device-bound key), recorded with its amr", async () => {
    const user = await signUp();
    const { passkey, added } = await addPasskey(user);
    const options = await requestOptions();
    expect(options.allowCredentials ?? []).toEqual([]);
    expect(options).toMatchObject({ rpId: "localhost", userVerification: "required" });

    const res = await api("POST", "/api/auth/passkeys/authenticate/verify", { json: { response: passkey.assert(options) } });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(res.body.user.id).toBe(user.userId);
    expect(res.body.mfaEnabled).toBe(true);
    const claims = decodeJwt(res.body.access_token);
    expect(claims.aal).toBe("aal2");
    expect(claims.amr).toEqual(["hwk", "mfa"]);
    expect((await api("GET", "/api/auth/profile", { token: res.body.access_token })).status).toBe(200);

    const row = await db().passkey.findUniqueOrThrow({ where: { id: added.id } });
    expect(row.lastUsedAt).not.toBeNull();
    const audit = await db().auditEvent.findFirst({
      where: { actorId: user.userId, type: "login.succeeded" },
      orderBy: { createdAt: "desc" },
    });
    expect(audit?.metadata).toMatchObject({ via: "passkey", amr: ["hwk", "mfa"] });
  });

  it("a synced passkey signs in with amr swk", async () => {
    const user = await signUp();
    const { passkey } = await addPasskey(user, newPasskey({ synced: true }));
    const res = await authenticate(passkey);
    expect(res.status, res.text).toBe(200);
    expect(decodeJwt(res.body.access_token).amr).toEqual(["swk", "mfa"]);
  });

  it("as the second step after a password: login asks for it, the options name the account's passkeys, the session is aal2", async () => {
    const user = await signUp();
    const { passkey } = await addPasskey(user);
    const login = await api("POST", "/api/auth/login", { json: { email: user.email, password: PASSWORD } });
    expect(login.status).toBe(403);
    expect(login.body.methods).toEqual(["passkey", "recovery_code"]);
    const mfaToken = login.body.mfaToken as string;

    const options = await requestOptions(mfaToken);
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([passkey.credentialId]);
    const res = await api("POST", "/api/auth/passkeys/authenticate/verify", { json: { mfaToken, response: passkey.assert(options) } });
    expect(res.status, res.text).toBe(200);
    const claims = decodeJwt(res.body.access_token);
    expect(claims).toMatchObject({ aal: "aal2", amr: ["pwd", "hwk", "mfa"] });

    // The mfaToken is spent.
    const again = await api("POST", "/api/auth/passkeys/authenticate/options", { json: { mfaToken } });
    expectProblem(again, 400, "invalid_token");
  });

  it("an account with an authenticator app and a passkey still owes a second step after its password; the passkey alone is enough", async () => {
    const user = await signUp();
    const { secret } = await enrolTotp(user);
    const { passkey } = await addPasskey(user);
    const login = await api("POST", "/api/auth/login", { json: { email: user.email, password: PASSWORD } });
    expectProblem(login, 403, "mfa_required");
    expect(login.body.methods).toEqual(["totp", "passkey", "recovery_code"]);
    // Either factor finishes it.
    const byCode = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken: login.body.mfaToken, code: nextCode(secret) } });
    expect(byCode.status, byCode.text).toBe(200);
    const alone = await authenticate(passkey);
    expect(alone.status, alone.text).toBe(200);
    expect(decodeJwt(alone.body.access_token).aal).toBe("aal2");
  });

  it("with Bearer: opens the step-up window on that session, which then lets a passkey be added", async () => {
    const user = await signUp();
    const { passkey } = await addPasskey(user);
    await clearStepUp(user.userId);
    expect((await api("POST", "/api/auth/passkeys/register/options", { token: user.access })).status).toBe(403);

    const res = await authenticate(passkey, { token: user.access });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ valid: true });
    expect((await api("POST", "/api/auth/passkeys/register/options", { token: user.access })).status).toBe(200);
    // The session is raised too: its next refresh carries aal2.
    const refreshed = await api("POST", "/api/auth/refresh", { json: { refresh_token: user.refresh } });
    expect(decodeJwt(refreshed.body.access_token)).toMatchObject({ aal: "aal2", amr: ["otp", "hwk", "mfa"] });
  });

  it("satisfies an organization that requires two factors", async () => {
    const org = await orgWithEveryRole("passkey-policy");
    // A session opened with the password before the passkey existed stays aal1.
    const before = await signIn(org.owner.email);
    const { passkey } = await addPasskey(org.owner);
    await stepUp(org.owner);
    const on = await api("PATCH", `/api/organizations/${org.id}`, { token: org.owner.access, json: { requireMfa: true } });
    expect(on.status, on.text).toBe(200);

    // The password session is aal1: refused. The passkey session is aal2: let in.
    expect((await api("GET", `/api/organizations/${org.id}/members`, { token: before.access })).body.code).toBe("mfa_required");
    const signedIn = await authenticate(passkey);
    expect(signedIn.status, signedIn.text).toBe(200);
    const members = await api("GET", `/api/organizations/${org.id}/members`, { token: signedIn.body.access_token });
    expect(members.status, members.text).toBe(200);
    // The password session, raised by a passkey assertion with its Bearer token, is let in too.
    expect((await authenticate(passkey, { token: before.access })).status).toBe(200);
    expect((await api("GET", `/api/organizations/${org.id}/members`, { token: before.access })).status).toBe(200);
  });
});

describe("passkey abuse", () => {
  it("a challenge works once: the same response, or another answer to it, is refused", async () => {
    const user = await signUp();
    const { passkey } = await addPasskey(user);
    const options = await requestOptions();
    const response = passkey.assert(options);
    expect((await api("POST", "/api/auth/passkeys/authenticate/verify", { json: { response } })).status).toBe(200);
    const replay = await api("POST", "/api/auth/passkeys/authenticate/verify", { json: { response } });
    expectProblem(replay, 400, "invalid_token");
    const fresh = await api("POST", "/api/auth/passkeys/authenticate/verify", { json: { response: passkey.assert(options) } });
    expectProblem(fresh, 400, "invalid_token");

    // A challenge we never issued, and a registration challenge used to sign in.
    const invented = await api("POST", "/api/auth/passkeys/authenticate/verify", {
      json: { response: passkey.assert({ challenge: "bm90LWlzc3VlZC1ieS11cw" }) },
    });
    expect(invented.body.code).toBe("invalid_token");
    await stepUp(user);
    const creation = await api("POST", "/api/auth/passkeys/register/options", { token: user.access });
    const crossPurpose = await api("POST", "/api/auth/passkeys/authenticate/verify", {
      json: { response: passkey.assert({ challenge: creation.body.challenge }) },
    });
    expectProblem(crossPurpose, 400, "invalid_token");
  });

  it("refuses a response made for another origin or another RP id, or without user verification", async () => {
    const user = await signUp();
    const { passkey } = await addPasskey(user);
    for (const tweaks of [
      { origin: "https://login.evil.example" },
      { origin: "http://localhost:3001" },
      { rpId: "evil.example" },
      { userVerified: false },
    ]) {
      const res = await authenticate(passkey, { tweaks });
      expect(res.status, JSON.stringify(tweaks)).toBe(401);
      expect(res.body.code).toBe("invalid_credentials");
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await authenticate(passkey)).status).toBe(200);

    // Registration too: a phishing origin, another RP id, no user verification.
    for (const tweaks of [{ origin: "https://login.evil.example" }, { rpId: "evil.example" }, { userVerified: false }]) {
      await stepUp(user);
      const options = await api("POST", "/api/auth/passkeys/register/options", { token: user.access });
      const res = await api("POST", "/api/auth/passkeys/register/verify", {
        token: user.access,
        json: { response: newPasskey().register(options.body, tweaks) },
      });
      expect(res.status, JSON.stringify(tweaks)).toBe(400);
      expect(res.body.code).toBe("invalid_token");
    }
    expect(await db().passkey.count({ where: { userId: user.userId } })).toBe(1);
  });

  it("refuses another account's passkey for a step-up or a second step, and another account's registration challenge", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const { passkey: alicesKey } = await addPasskey(alice);
    await addPasskey(bob);
    await clearStepUp(bob.userId);

    const stepUpWithHers = await authenticate(alicesKey, { token: bob.access });
    expectProblem(stepUpWithHers, 401, "invalid_credentials");
    expect((await api("POST", "/api/auth/passkeys/register/options", { token: bob.access })).status).toBe(403);

    // Bob's password, Alice's passkey: refused, and counted against the mfaToken.
    const mfaToken = await passwordStep(bob.email);
    const secondStep = await authenticate(alicesKey, { mfaToken });
    expect(secondStep.status).toBe(401);
    expect(await db().auditEvent.count({ where: { actorId: bob.userId, type: "mfa.failed" } })).toBeGreaterThanOrEqual(2);

    // A usernameless challenge cannot finish a password sign-in (nor the reverse).
    const unbound = await requestOptions();
    const mismatched = await api("POST", "/api/auth/passkeys/authenticate/verify", {
      json: { mfaToken, response: alicesKey.assert(unbound) },
    });
    expect(mismatched.body.code).toBe("invalid_token");

    // Alice's user handle on Bob's key: the handle must name the key's own account.
    const { passkey: bobsKey } = await addPasskey(bob);
    const forged = await authenticate(bobsKey, { tweaks: { userHandle: Buffer.from(alice.userId).toString("base64url") } });
    expect(forged.status).toBe(401);

    // Registering against Alice's challenge with Bob's session.
    await stepUp(alice);
    const hers = await api("POST", "/api/auth/passkeys/register/options", { token: alice.access });
    const stolen = await api("POST", "/api/auth/passkeys/register/verify", {
      token: bob.access,
      json: { response: newPasskey().register(hers.body) },
    });
    expectProblem(stolen, 400, "invalid_token");
    // And the same credential cannot be registered twice.
    await stepUp(bob);
    const again = await api("POST", "/api/auth/passkeys/register/options", { token: bob.access });
    const duplicate = await api("POST", "/api/auth/passkeys/register/verify", {
      token: bob.access,
      json: { response: alicesKey.register(again.body) },
    });
    expect(duplicate.status).toBe(409);
  });

  it("refuses a stale signature counter (a cloned authenticator) and an unknown credential", async () => {
    const user = await signUp();
    const { passkey, added } = await addPasskey(user, newPasskey({ keepsCounter: true }));
    expect((await authenticate(passkey, { tweaks: { counter: 5 } })).status).toBe(200);
    const sameCount = await authenticate(passkey, { tweaks: { counter: 5 } });
    expectProblem(sameCount, 401, "invalid_credentials");
    expect((await authenticate(passkey, { tweaks: { counter: 4 } })).status).toBe(401);
    expect((await authenticate(passkey, { tweaks: { counter: 6 } })).status).toBe(200);
    expect((await db().passkey.findUniqueOrThrow({ where: { id: added.id } })).counter).toBe(6n);

    const unknown = await authenticate(newPasskey());
    expectProblem(unknown, 401, "invalid_credentials");
  });

  it("wrong assertions in a second step count like wrong codes: the mfaToken dies after 5", async () => {
    const user = await signUp();
    const { passkey } = await addPasskey(user);
    const mfaToken = await passwordStep(user.email);
    for (let i = 0; i < 5; i++) {
      expect((await authenticate(passkey, { mfaToken, tweaks: { userVerified: false } })).status).toBe(401);
    }
    const options = await api("POST", "/api/auth/passkeys/authenticate/options", { json: { mfaToken } });
    expect(options.body.code).toBe("invalid_token");
  });

  it("limits unauthenticated options per client (each stores a challenge)", async () => {
    const headers = { "x-forwarded-for": "203.0.113.77" };
    let last = 200;
    for (let i = 0; i < 101 && last === 200; i++) {
      last = (await api("POST", "/api/auth/passkeys/authenticate/options", { json: {}, headers })).status;
    }
    expect(last).toBe(429);
  });
});

describe("relying party configuration", () => {
  const appUrl = process.env.APP_URL;
  afterEach(() => {
    process.env.APP_URL = appUrl;
    delete process.env.WEBAUTHN_RP_ID;
    delete process.env.JWT_ISSUER;
    resetConfigForTests();
  });

  it("refuses an RP id that is neither APP_URL's host nor a parent domain of it", () => {
    process.env.WEBAUTHN_RP_ID = "evil.example";
    resetConfigForTests();
    expect(() => config()).toThrow(/WEBAUTHN_RP_ID/);
    process.env.APP_URL = "https://auth.example.com";
    process.env.WEBAUTHN_RP_ID = "ample.com"; // a suffix, but not a parent domain
    resetConfigForTests();
    expect(() => config()).toThrow(/WEBAUTHN_RP_ID/);
  });

  it("behind a custom domain: passkeys bound to the parent domain, responses only from APP_URL's origin", async () => {
    const user = await signUp();
    process.env.JWT_ISSUER = config().jwtIssuer; // keep the tokens already issued valid
    process.env.APP_URL = "https://auth.example.com";
    process.env.WEBAUTHN_RP_ID = "example.com";
    resetConfigForTests();
    const passkey = new SoftwarePasskey({ origin: "https://auth.example.com" });
    const { added } = await addPasskey(user, passkey);
    expect((await db().passkey.findUniqueOrThrow({ where: { id: added.id } })).credentialId).toBe(passkey.credentialId);
    const options = await requestOptions();
    expect(options.rpId).toBe("example.com");
    expect((await authenticate(passkey)).status).toBe(200);
    // The old origin no longer counts.
    expect((await authenticate(passkey, { tweaks: { origin: "http://localhost:3000" } })).status).toBe(401);
  });
});
