import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { credentialEpoch } from "@/lib/db/statements/users";
import { raiseWithFactor } from "@/lib/sign-in/raise";
import { api } from "../support/api";
import { fromTokenResponse, signIn, signUp, type SignedIn } from "../support/accounts";
import { codeAt, enrolTotp, nextCode, stepUp } from "../support/mfa";
import { addPasskey, authenticate, newPasskey } from "../support/passkeys";
import type { SoftwarePasskey } from "../support/webauthn";

// Issue 23: what an outside attack on the production build found after the first round of fixes.
// Each case failed on the code it was found on (the merge of issue 24's core, 6d1d1f0).

const profileStatus = async (user: SignedIn) => (await api("GET", "/api/auth/profile", { token: user.access })).status;
const refresh = (token: string) => api("POST", "/api/auth/refresh", { json: { refresh_token: token } });
/** The synced flags a passkey reports are the authenticator's to choose, assertion by assertion. */
const reportSynced = (passkey: SoftwarePasskey, synced: boolean) =>
  ((passkey as unknown as { options: { synced?: boolean } }).options.synced = synced);

describe("an aal1 session cannot finish adding a factor once the account has one", () => {
  it("a pending app set up before the owner's first factor cannot be confirmed by the aal1 session", async () => {
    const owner = await signUp();
    const attacker = await signIn(owner.email); // password only, before any factor
    await stepUp(attacker);
    const setup = await api("POST", "/api/auth/mfa/totp/setup", { token: attacker.access });
    expect(setup.status, setup.text).toBe(200);
    await addPasskey(owner); // the owner's first factor
    const enable = await api("POST", "/api/auth/mfa/totp/enable", { token: attacker.access, json: { code: codeAt(setup.body.secret) } });
    expect(enable.status).toBe(403);
    expect(enable.body.code).toBe("mfa_required");
    expect((await api("GET", "/api/auth/mfa", { token: owner.access })).body.totp).toBe(false);
  });
});

describe("removing a passkey ends every session that used a passkey, whatever kind its flags claimed", () => {
  it("a lost passkey's sessions end even when it answered once as synced and once as device-bound", async () => {
    const owner = await signUp();
    await addPasskey(owner, newPasskey({ synced: true }), "kept");
    const lost = newPasskey();
    const { added } = await addPasskey(owner, lost, "lost");
    reportSynced(lost, true);
    const asSynced = await authenticate(lost);
    reportSynced(lost, false);
    const asBound = await authenticate(lost);
    expect([asSynced.status, asBound.status]).toEqual([200, 200]);
    const x = fromTokenResponse(owner.email, owner.password, asSynced.body);
    const y = fromTokenResponse(owner.email, owner.password, asBound.body);
    await stepUp(owner);
    expect((await api("DELETE", `/api/auth/passkeys/${added.id}`, { token: owner.access })).status).toBe(204);
    expect(await profileStatus(x)).toBe(401);
    expect(await profileStatus(y)).toBe(401);
    expect((await refresh(x.refresh)).status).toBe(401);
  });
});

describe("a code checked before a factor removal never raises a session after it", () => {
  it("the raise compares the credential epoch read before the code was checked", async () => {
    const owner = await signUp();
    const other = await signIn(owner.email);
    await enrolTotp(owner);
    const epoch = await credentialEpoch(owner.userId);
    await stepUp(owner);
    expect((await api("DELETE", "/api/auth/mfa/totp", { token: owner.access })).status).toBe(204);
    const principal = {
      kind: "user" as const,
      userId: owner.userId,
      sessionId: decodeJwt(other.access).sid as string,
      organizationId: null,
      stepUpUntil: null,
      aal: "aal1" as const,
      via: "bearer" as const,
    };
    await expect(raiseWithFactor(principal, { epoch, method: "otp", openWindow: true, reissue: false })).rejects.toMatchObject({
      code: "conflict",
    });
    const session = await db().authSession.findUniqueOrThrow({ where: { id: principal.sessionId } });
    expect(session.aal).toBe("aal1");
    expect(session.amr).not.toContain("otp");
  });
});

describe("a step-up that raises the session supersedes its earlier refresh tokens", () => {
  it("mfa/step-up from aal1 answers a new pair, and the aal1-era refresh token stops working", async () => {
    const owner = await signUp();
    const before = await signIn(owner.email); // aal1
    const { secret } = await enrolTotp(owner);
    const stepped = await api("POST", "/api/auth/mfa/step-up", { token: before.access, json: { code: codeAt(secret) } });
    expect(stepped.status, stepped.text).toBe(200);
    expect(stepped.body.valid).toBe(true);
    expect(decodeJwt(stepped.body.access_token).aal).toBe("aal2");
    expect((await refresh(before.refresh)).status).toBe(401);
    expect((await refresh(stepped.body.refresh_token)).status).toBe(200);
    // Already aal2: a step-up only opens the window, the pair in hand keeps working.
    const again = await api("POST", "/api/auth/mfa/step-up", { token: stepped.body.access_token, json: { code: nextCode(secret) } });
    expect(again.status, again.text).toBe(200);
    expect(again.body.access_token).toBeUndefined();
  });
});

describe("a grace sibling gets no grace of its own", () => {
  it("re-presenting a spent sibling is reuse: the session ends", async () => {
    const user = await signUp();
    expect((await refresh(user.refresh)).status).toBe(200);
    const sibling = await refresh(user.refresh); // inside the window: the one sibling
    expect(sibling.status).toBe(200);
    expect((await refresh(sibling.body.refresh_token)).status).toBe(200);
    const fork = await refresh(sibling.body.refresh_token);
    expect(fork.status).toBe(401);
    expect(await profileStatus(user)).toBe(401);
  });
});

describe("passkey ids that cannot name a row", () => {
  it("answer 404, never a 500", async () => {
    const owner = await signUp();
    await stepUp(owner);
    expect((await api("PATCH", "/api/auth/passkeys/%00", { token: owner.access, json: { name: "x" } })).status).toBe(404);
    expect((await api("DELETE", "/api/auth/passkeys/a%00b", { token: owner.access })).status).toBe(404);
  });
});

// The second round of the outside attack (on 925d906).
describe("second round: races and the grace window", () => {
  it("a passkey sign-in whose epoch was read before a removal (or logout everywhere) opens no session", async () => {
    const owner = await signUp();
    await addPasskey(owner);
    const epoch = await credentialEpoch(owner.userId);
    expect((await api("POST", "/api/auth/logout", { token: owner.access, json: { allSessions: true } })).status).toBe(204);
    const { beginPasskeySignIn } = await import("@/lib/sign-in/gate");
    const client = { ip: "10.9.9.9", userAgent: "vitest" };
    await expect(
      beginPasskeySignIn({ userId: owner.userId, organizationId: null, client, factor: "hwk", credentialEpoch: epoch }),
    ).rejects.toMatchObject({
      code: "invalid_credentials",
    });
  });

  it("a grace sibling is never issued for a token of an older generation, even by a late statement", async () => {
    const user = await signUp();
    expect((await refresh(user.refresh)).status).toBe(200);
    const parent = await db().refreshToken.findFirstOrThrow({
      where: { sessionId: decodeJwt(user.access).sid as string, usedAt: { not: null } },
    });
    // switch-org (or a raise) moved the session on between the lookup and the sibling's insert:
    await db().authSession.update({ where: { id: parent.sessionId }, data: { tokenGeneration: { increment: 1 } } });
    const { insertGraceSibling } = await import("@/lib/db/statements/refresh-tokens");
    expect(await insertGraceSibling(parent.id, `late-${parent.id}`, 60)).toBeUndefined();
  });

  it("a spent sibling is not handed out again: the third re-presentation is refused and the session lives", async () => {
    const user = await signUp();
    const next = await refresh(user.refresh);
    const sibling = await refresh(user.refresh);
    expect((await refresh(sibling.body.refresh_token)).status).toBe(200);
    expect((await refresh(user.refresh)).status).toBe(401);
    expect((await api("GET", "/api/auth/profile", { token: next.body.access_token })).status).toBe(200);
  });

  it("a sign-in naming no organization does not land a member without a factor in one that requires it", async () => {
    const owner = await signUp();
    await enrolTotp(owner);
    await stepUp(owner);
    expect(
      (await api("PATCH", `/api/organizations/${owner.organizationId}`, { token: owner.access, json: { requireMfa: true } })).status,
    ).toBe(200);
    const member = await signUp();
    // The member joined the strict organization before their own (so it is their first).
    await db().membership.updateMany({ where: { userId: member.userId }, data: { createdAt: new Date(Date.now() + 60_000) } });
    await db().membership.create({
      data: { userId: member.userId, organizationId: owner.organizationId, role: "member", createdAt: new Date(0) },
    });
    const login = await signIn(member.email);
    expect(login.organizationId).not.toBe(owner.organizationId);
    expect((await refresh(login.refresh)).status).toBe(200);
  });
});
