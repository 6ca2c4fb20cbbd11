import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { api, expectProblem } from "../support/api";
import { fromTokenResponse, signIn, signUp, type SignedIn } from "../support/accounts";
import { codeAt, enrolTotp, nextCode, passwordStep, stepUp } from "../support/mfa";
import { addPasskey, authenticate, newPasskey, requestOptions } from "../support/passkeys";

// Issue 23: a session keeps only what the ground under it still backs (API.md, "Factor changes
// and other sessions"). Each block names the item it covers; each failed on 9eafb87.

/** A second session of `user` through password + recovery code (aal2, amr [pwd, otp, mfa]). */
async function withRecoveryCode(user: SignedIn, recoveryCode: string): Promise<SignedIn> {
  const mfaToken = await passwordStep(user.email, user.password);
  const res = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken, recoveryCode } });
  expect(res.status, res.text).toBe(200);
  return fromTokenResponse(user.email, user.password, res.body);
}

const sessionOf = (token: string) => db().authSession.findUniqueOrThrow({ where: { id: decodeJwt(token).sid as string } });
const profileStatus = async (user: SignedIn) => (await api("GET", "/api/auth/profile", { token: user.access })).status;
const refreshStatus = async (user: SignedIn) => (await api("POST", "/api/auth/refresh", { json: { refresh_token: user.refresh } })).status;

describe("removing a factor (item 1)", () => {
  it("ends every other session that used the app; the caller falls to aal1; password-only sessions stay", async () => {
    const owner = await signUp();
    const passwordOnly = await signIn(owner.email); // before the factor: amr [pwd]
    const { recoveryCodes } = await enrolTotp(owner);
    // The attacker's session: a phished code (here a recovery code) on top of the password.
    const attacker = await withRecoveryCode(owner, recoveryCodes[0]!);
    expect((await sessionOf(attacker.access)).aal).toBe("aal2");

    // The owner removes the app from the enrolling session (aal2 through otp).
    await stepUp(owner);
    const removed = await api("DELETE", "/api/auth/mfa/totp", { token: owner.access });
    expect(removed.status, removed.text).toBe(204);

    expect(await profileStatus(attacker)).toBe(401);
    expect(await refreshStatus(attacker)).toBe(401);
    const caller = await sessionOf(owner.access);
    expect(caller.revokedAt).toBeNull();
    expect(caller.aal).toBe("aal1");
    // The owner's password-only session used no factor: it stays (the page offers to end it).
    expect(await profileStatus(passwordOnly)).toBe(200);
  });

  it("the attack in the issue: the phished session cannot remove the owner's new app", async () => {
    const owner = await signUp();
    const { recoveryCodes } = await enrolTotp(owner);
    const attacker = await withRecoveryCode(owner, recoveryCodes[0]!);
    // The owner notices, removes the app and enrols a new one.
    await stepUp(owner);
    expect((await api("DELETE", "/api/auth/mfa/totp", { token: owner.access })).status).toBe(204);
    await enrolTotp(owner);
    // The attacker's session is gone: it cannot step up, remove the new app or enrol its own.
    expect((await api("POST", "/api/auth/check-password", { token: attacker.access, json: { password: attacker.password } })).status).toBe(
      401,
    );
    expect((await api("DELETE", "/api/auth/mfa/totp", { token: attacker.access })).status).toBe(401);
    expect((await api("GET", "/api/auth/mfa", { token: owner.access })).body.totp).toBe(true);
  });

  it("a removed passkey's sessions end, refresh included; sessions of other factors stay", async () => {
    const owner = await signUp();
    const { passkey, added } = await addPasskey(owner, newPasskey());
    const { secret } = await enrolTotp(owner);
    // A lost device's session: the passkey alone (aal2, amr [hwk, mfa]).
    const lost = await authenticate(passkey);
    expect(lost.status, lost.text).toBe(200);
    const lostSession = fromTokenResponse(owner.email, owner.password, lost.body);
    // Another device signed in with the password and the app.
    const mfaToken = await passwordStep(owner.email);
    const other = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken, code: codeAt(secret) } });
    expect(other.status, other.text).toBe(200);
    const appSession = fromTokenResponse(owner.email, owner.password, other.body);

    await stepUp(owner);
    expect((await api("DELETE", `/api/auth/passkeys/${added.id}`, { token: owner.access })).status).toBe(204);

    expect(await profileStatus(lostSession)).toBe(401);
    expect(await refreshStatus(lostSession)).toBe(401);
    expect(await profileStatus(appSession)).toBe(200);
    expect((await sessionOf(appSession.access)).aal).toBe("aal2");
    // The caller enrolled with the passkey (amr hwk): it falls to aal1.
    expect((await sessionOf(owner.access)).aal).toBe("aal1");
  });

  it("removing a passkey ends sign-ins waiting for their second step (item 7)", async () => {
    const owner = await signUp();
    const { added } = await addPasskey(owner);
    const { secret } = await enrolTotp(owner);
    const mfaToken = await passwordStep(owner.email);
    await stepUp(owner);
    expect((await api("DELETE", `/api/auth/passkeys/${added.id}`, { token: owner.access })).status).toBe(204);
    const late = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken, code: nextCode(secret) } });
    expectProblem(late, 400, "invalid_token");
  });
});

describe("signing other sessions out with a factor change (item 2)", () => {
  it("turning on the first factor with signOutOtherSessions ends the password-only sessions", async () => {
    const owner = await signUp();
    const older = await signIn(owner.email);
    const kept = await signIn(owner.email);
    await stepUp(owner);
    const setup = await api("POST", "/api/auth/mfa/totp/setup", { token: owner.access });
    const enable = await api("POST", "/api/auth/mfa/totp/enable", {
      token: owner.access,
      json: { code: codeAt(setup.body.secret), signOutOtherSessions: true },
    });
    expect(enable.status, enable.text).toBe(200);
    expect(enable.body.recoveryCodes).toHaveLength(10);
    expect(await profileStatus(older)).toBe(401);
    expect(await profileStatus(kept)).toBe(401);
    expect(await profileStatus(owner)).toBe(200);
  });

  it("without it they stay; a passkey as first factor takes the same option", async () => {
    const owner = await signUp();
    const older = await signIn(owner.email);
    await enrolTotp(owner);
    expect(await profileStatus(older)).toBe(200);

    const other = await signUp();
    const otherOlder = await signIn(other.email);
    await stepUp(other);
    const options = await api("POST", "/api/auth/passkeys/register/options", { token: other.access });
    const verify = await api("POST", "/api/auth/passkeys/register/verify", {
      token: other.access,
      json: { response: newPasskey().register(options.body), signOutOtherSessions: true },
    });
    expect(verify.status, verify.text).toBe(201);
    expect(await profileStatus(otherOlder)).toBe(401);
    expect(await profileStatus(other)).toBe(200);
  });

  it("removing a factor with signOutOtherSessions ends every other session", async () => {
    const owner = await signUp();
    const passwordOnly = await signIn(owner.email);
    await addPasskey(owner);
    const { added } = await addPasskey(owner, newPasskey(), "second");
    await stepUp(owner);
    const removed = await api("DELETE", `/api/auth/passkeys/${added.id}`, { token: owner.access, json: { signOutOtherSessions: true } });
    expect(removed.status, removed.text).toBe(204);
    expect(await profileStatus(passwordOnly)).toBe(401);
    expect(await profileStatus(owner)).toBe(200);
    const bad = await api("DELETE", `/api/auth/passkeys/${added.id}`, { token: owner.access, json: { signOutOtherSessions: "yes" } });
    expect(bad.status).toBe(422);
  });
});

describe("refresh grace (item 3)", () => {
  it("a spent token re-presented inside the window yields one sibling, the same each time", async () => {
    const user = await signUp();
    const first = await api("POST", "/api/auth/refresh", { json: { refresh_token: user.refresh } });
    expect(first.status).toBe(200);
    const siblings = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const again = await api("POST", "/api/auth/refresh", { json: { refresh_token: user.refresh } });
      expect(again.status, again.text).toBe(200);
      siblings.add(again.body.refresh_token);
    }
    expect(siblings.size).toBe(1);
    const sessionId = decodeJwt(user.access).sid as string;
    // The original, its successor and one sibling.
    expect(await db().refreshToken.count({ where: { sessionId } })).toBe(3);
    // The sibling works (it is a live token of the session).
    const [sibling] = [...siblings];
    expect((await api("POST", "/api/auth/refresh", { json: { refresh_token: sibling } })).status).toBe(200);
  });
});

describe("raising and switching spend the earlier refresh tokens (item 4)", () => {
  it("switch-org: only the answer's refresh token works; the old one is refused without ending the session", async () => {
    const user = await signUp();
    const other = await api("POST", "/api/organizations", { token: user.access, json: { name: "Second" } });
    const switched = await api("POST", "/api/auth/switch-org", { token: user.access, json: { organizationId: other.body.id } });
    expect(switched.status, switched.text).toBe(200);
    expect(await refreshStatus(user)).toBe(401);
    const fresh = await api("POST", "/api/auth/refresh", { json: { refresh_token: switched.body.refresh_token } });
    expect(fresh.status, fresh.text).toBe(200);
    expect(fresh.body.organization.id).toBe(other.body.id);
  });

  it("mfa/verify with Bearer: an aal1-era refresh token no longer mints tokens", async () => {
    const owner = await signUp();
    const before = await signIn(owner.email); // aal1, from before the factor
    const { secret } = await enrolTotp(owner);
    const raised = await api("POST", "/api/auth/mfa/verify", { token: before.access, json: { code: codeAt(secret) } });
    expect(raised.status, raised.text).toBe(200);
    expect(decodeJwt(raised.body.access_token).aal).toBe("aal2");
    expect(await refreshStatus(before)).toBe(401);
    const next = await api("POST", "/api/auth/refresh", { json: { refresh_token: raised.body.refresh_token } });
    expect(next.status, next.text).toBe(200);
    expect(decodeJwt(next.body.access_token).aal).toBe("aal2");
  });
});

describe("organizations that require two factors (item 7)", () => {
  async function strictOrganization() {
    const owner = await signUp();
    const { secret } = await enrolTotp(owner);
    await stepUp(owner);
    const org = owner.organizationId;
    expect((await api("PATCH", `/api/organizations/${org}`, { token: owner.access, json: { requireMfa: true } })).status).toBe(200);
    return { owner, secret, org };
  }

  it("login naming the organization answers as switch-org does", async () => {
    const { owner, org } = await strictOrganization();
    const member = await signUp();
    await db().membership.create({ data: { userId: member.userId, organizationId: org, role: "member" } });
    const refused = await api("POST", "/api/auth/login", { json: { email: member.email, password: member.password, organizationId: org } });
    expectProblem(refused, 403, "mfa_enrollment_required");
    // With a factor the second step is owed, and it raises the session.
    const step = await api("POST", "/api/auth/login", { json: { email: owner.email, password: owner.password, organizationId: org } });
    expectProblem(step, 403, "mfa_required");
    expect(step.body.mfaToken).toBeTruthy();
  });

  it("refresh of an aal1 session in the organization is refused, and the token stays unspent", async () => {
    const owner = await signUp();
    const before = await signIn(owner.email); // aal1, in the owner's organization
    await enrolTotp(owner);
    await stepUp(owner);
    expect(
      (await api("PATCH", `/api/organizations/${owner.organizationId}`, { token: owner.access, json: { requireMfa: true } })).status,
    ).toBe(200);
    const refused = await api("POST", "/api/auth/refresh", { json: { refresh_token: before.refresh } });
    expectProblem(refused, 403, "mfa_required");
    const token = await db().refreshToken.findFirstOrThrow({ where: { sessionId: decodeJwt(before.access).sid as string } });
    expect(token.usedAt).toBeNull();
    // The owner's aal2 session refreshes as before.
    expect(await refreshStatus(owner)).toBe(200);
  });

  it("a code step-up raises the session to aal2, as a passkey step-up does", async () => {
    const owner = await signUp();
    const before = await signIn(owner.email); // aal1, opened before the factor
    // The enrolment uses the previous step's code: this step's is free for the step-up.
    const { secret } = await enrolTotp(owner);
    await stepUp(owner);
    const org = owner.organizationId;
    expect((await api("PATCH", `/api/organizations/${org}`, { token: owner.access, json: { requireMfa: true } })).status).toBe(200);
    const aal1 = await sessionOf(before.access);
    const token = before.access;
    expect((await api("GET", `/api/organizations/${org}/members`, { token })).body.code).toBe("mfa_required");
    const stepped = await api("POST", "/api/auth/mfa/step-up", { token, json: { code: codeAt(secret) } });
    expect(stepped.status, stepped.text).toBe(200);
    const session = await db().authSession.findUniqueOrThrow({ where: { id: aal1.id } });
    expect(session.aal).toBe("aal2");
    expect(session.amr).toEqual(expect.arrayContaining(["pwd", "otp", "mfa"]));
    expect((await api("GET", `/api/organizations/${org}/members`, { token })).status).toBe(200);
  });
});

describe("passkey step-up challenges are bound to the session that asked (item 7)", () => {
  it("an assertion over a usernameless or another session's challenge does not step a session up", async () => {
    const owner = await signUp();
    const other = await signIn(owner.email);
    const { passkey } = await addPasskey(owner);

    const unbound = await requestOptions();
    const refused = await api("POST", "/api/auth/passkeys/authenticate/verify", {
      token: other.access,
      json: { response: passkey.assert(unbound) },
    });
    expectProblem(refused, 400, "invalid_token");

    const ownersChallenge = await requestOptions(undefined, undefined, owner.access);
    const crossed = await api("POST", "/api/auth/passkeys/authenticate/verify", {
      token: other.access,
      json: { response: passkey.assert(ownersChallenge) },
    });
    expect(crossed.status).toBe(400);

    const own = await requestOptions(undefined, undefined, other.access);
    const stepped = await api("POST", "/api/auth/passkeys/authenticate/verify", {
      token: other.access,
      json: { response: passkey.assert(own) },
    });
    expect(stepped.status, stepped.text).toBe(200);
    expect((await sessionOf(other.access)).aal).toBe("aal2");
    // A session-bound challenge never signs anyone in on its own.
    const bound = await requestOptions(undefined, undefined, other.access);
    expect((await api("POST", "/api/auth/passkeys/authenticate/verify", { json: { response: passkey.assert(bound) } })).status).toBe(400);
  });
});

describe("factor changes of one account are serialized (item 7)", () => {
  it("turning on an app and a first passkey at once hands out one set of recovery codes", async () => {
    for (let round = 0; round < 3; round++) {
      const owner = await signUp();
      await stepUp(owner);
      const setup = await api("POST", "/api/auth/mfa/totp/setup", { token: owner.access });
      const options = await api("POST", "/api/auth/passkeys/register/options", { token: owner.access });
      const [totp, key] = await Promise.all([
        api("POST", "/api/auth/mfa/totp/enable", { token: owner.access, json: { code: codeAt(setup.body.secret) } }),
        api("POST", "/api/auth/passkeys/register/verify", { token: owner.access, json: { response: newPasskey().register(options.body) } }),
      ]);
      expect([totp.status, key.status]).toEqual([200, 201]);
      const handedOut = [totp.body.recoveryCodes, key.body.recoveryCodes].filter(Boolean);
      expect(handedOut).toHaveLength(1);
    }
  });
});
