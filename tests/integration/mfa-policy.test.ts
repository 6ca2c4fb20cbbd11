import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { api, expectProblem } from "../support/api";
import { issueRegistrationCode } from "@/lib/accounts/email-confirmation";
import { newRegistration } from "@/lib/accounts/registration-payload";
import { PASSWORD, signIn } from "../support/accounts";
import { latestEmailTo, linkTokenIn } from "../support/mail";
import { codeAt, enrolTotp, nextCode, passwordStep } from "../support/mfa";
import { orgWithEveryRole, stepUp } from "./organizations-fixtures";

// An organization that requires two factors: the owner turns it on (step-up, own factor first);
// then every organization route and switch-org refuse a member without a factor (403
// mfa_enrollment_required) and a session at aal1 (403 mfa_required); API keys go on working.

const ORG_ROUTES = (orgId: string) =>
  [
    ["GET", `/api/organizations/${orgId}`],
    ["GET", `/api/organizations/${orgId}/members`],
    ["GET", `/api/organizations/${orgId}/invitations`],
    ["GET", `/api/organizations/${orgId}/api-keys`],
    ["GET", `/api/organizations/${orgId}/audit-log`],
    ["GET", `/api/organizations/current/members`],
  ] as const;

describe("requireMfa", () => {
  it("is the owner's to set, after a step-up, and only once the owner has a factor", async () => {
    const org = await orgWithEveryRole("policy-set");
    await stepUp(org.admin);
    expect((await api("PATCH", `/api/organizations/${org.id}`, { token: org.admin.access, json: { requireMfa: true } })).status).toBe(403);
    await db().authSession.updateMany({ where: { userId: org.owner.userId }, data: { stepUpUntil: null } });
    const noStepUp = await api("PATCH", `/api/organizations/${org.id}`, { token: org.owner.access, json: { requireMfa: true } });
    expect(noStepUp.body.code).toBe("reauthentication_required");
    await stepUp(org.owner);
    const noFactor = await api("PATCH", `/api/organizations/${org.id}`, { token: org.owner.access, json: { requireMfa: true } });
    expectProblem(noFactor, 409, "conflict");

    await enrolTotp(org.owner);
    const on = await api("PATCH", `/api/organizations/${org.id}`, { token: org.owner.access, json: { requireMfa: true } });
    expect(on.status, on.text).toBe(200);
    expect(on.body.requireMfa).toBe(true);
    expect(await db().auditEvent.count({ where: { organizationId: org.id, type: "org.mfa_policy_changed" } })).toBe(1);
  });

  it("refuses members without a factor and aal1 sessions on every route and on switch-org; API keys are unaffected", async () => {
    const org = await orgWithEveryRole("policy-enforced");
    // The owner's session from before the factor existed stays aal1 (the enrolling one is aal2).
    const ownerBefore = await signIn(org.owner.email);
    const owner = await enrolTotp(org.owner);
    await stepUp(org.owner);
    expect((await api("PATCH", `/api/organizations/${org.id}`, { token: org.owner.access, json: { requireMfa: true } })).status).toBe(200);

    for (const [method, path] of ORG_ROUTES(org.id)) {
      const member = await api(method, path, { token: org.member.access });
      expect(member.status, `${method} ${path}`).toBe(403);
      expect(member.body.code).toBe("mfa_enrollment_required");
      expect(member.body.detail).toContain(org.name);
      // The owner has a factor, but this session was opened with the password alone.
      const owner = await api(method, path, { token: ownerBefore.access });
      expect(owner.status, `${method} ${path}`).toBe(403);
      expect(owner.body.code).toBe("mfa_required");
      const key = await api(method, path.replace("current", org.id), { apiKey: org.apiKey.key });
      expect([200, 403], `${method} ${path} with a key`).toContain(key.status);
      if (key.status === 403) expect(key.body.code).toBe("forbidden");
    }
    expect((await api("GET", `/api/organizations/${org.id}/members`, { apiKey: org.apiKey.key })).status).toBe(200);

    // Switching into it does not raise an aal1 session.
    const elsewhere = await api("POST", "/api/organizations", { token: ownerBefore.access, json: { name: "Elsewhere" } });
    const away = await api("POST", "/api/auth/switch-org", { token: ownerBefore.access, json: { organizationId: elsewhere.body.id } });
    expect(away.status, away.text).toBe(200);
    const back = await api("POST", "/api/auth/switch-org", { token: away.body.access_token, json: { organizationId: org.id } });
    expectProblem(back, 403, "mfa_required");

    // Raising the same session with a code lets it in; switch-org then keeps aal2.
    const raised = await api("POST", "/api/auth/mfa/verify", { token: away.body.access_token, json: { code: nextCode(owner.secret) } });
    expect(raised.status, raised.text).toBe(200);
    const inside = await api("POST", "/api/auth/switch-org", { token: raised.body.access_token, json: { organizationId: org.id } });
    expect(inside.status, inside.text).toBe(200);
    expect(decodeJwt(inside.body.access_token).aal).toBe("aal2");
    expect((await api("GET", `/api/organizations/${org.id}/members`, { token: inside.body.access_token })).status).toBe(200);

    // A member who enrols and signs in with both factors gets in too.
    const member = await enrolTotp(org.member);
    const mfaToken = await passwordStep(org.member.email);
    const session = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken, code: codeAt(member.secret) } });
    expect(session.status, session.text).toBe(200);
    const members = await api("GET", `/api/organizations/${org.id}/members`, { token: session.body.access_token });
    expect(members.status, members.text).toBe(200);
  });
});

describe("every door asks the gate", () => {
  it("confirm-account with an emailed code or link does not skip the second factor", async () => {
    const org = await orgWithEveryRole("door-confirm");
    await enrolTotp(org.member);
    // A confirmed account's own sign-up code still "just signs in" (an invitation sign-up gets one):
    // it proves the mailbox, not the second factor.
    const issue = () =>
      db().$transaction((tx) =>
        issueRegistrationCode(tx, { userId: org.member.userId, email: org.member.email, registration: newRegistration({}, "x", true) }),
      );
    const issued = await issue();
    const byCode = await api("POST", "/api/auth/confirm-account", { json: { email: org.member.email, code: issued.code } });
    expectProblem(byCode, 403, "mfa_required");
    expect(byCode.body.access_token).toBeUndefined();
    const again = await issue();
    const byLink = await api("POST", "/api/auth/confirm-account", { json: { token: again.token } });
    expectProblem(byLink, 403, "mfa_required");
  });

  it("a password reset never turns the factor off", async () => {
    const org = await orgWithEveryRole("door-reset");
    await enrolTotp(org.member);
    const since = new Date();
    await api("POST", "/api/auth/forgot-password", { json: { email: org.member.email } });
    const token = linkTokenIn(await latestEmailTo(org.member.email, { after: since, subject: /reset your password/i }), "/reset-password/");
    const reset = await api("POST", "/api/auth/reset-password", { json: { token, password: "Violet-Harbor-Lantern-7" } });
    expect(reset.status, reset.text).toBe(200);
    const login = await api("POST", "/api/auth/login", { json: { email: org.member.email, password: "Violet-Harbor-Lantern-7" } });
    expectProblem(login, 403, "mfa_required");
    expect((await api("POST", "/api/auth/login", { json: { email: org.member.email, password: PASSWORD } })).status).toBe(401);
  });
});
