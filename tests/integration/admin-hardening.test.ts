// What the attack round on the admin surface found, each held shut: a listed ADMIN_EMAILS address
// squatted before its owner, impersonations outliving their admin, an impersonation leaving
// access behind, admin actions on your own account, and control characters reaching PostgreSQL.
import { afterEach, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { api, expectProblem } from "../support/api";
import { PASSWORD, signIn, signUp, uniqueEmail, type SignedIn } from "../support/accounts";
import { adminAtAal2, proveAdminEmail } from "../support/admin";
import { codeIn, latestEmailTo } from "../support/mail";
import { enrolTotp } from "../support/mfa";
import { addPasskey, newPasskey } from "../support/passkeys";
import { addMember, stepUp } from "./organizations-fixtures";

afterEach(() => {
  delete process.env.ADMIN_EMAILS;
  resetConfigForTests();
});

const list = (...emails: string[]) => {
  process.env.ADMIN_EMAILS = emails.join(",");
  resetConfigForTests();
};

async function impersonate(admin: SignedIn, person: SignedIn) {
  const res = await api("POST", `/api/admin/users/${person.userId}/impersonate`, { token: admin.access, json: { reason: "support" } });
  expect(res.status, res.text).toBe(200);
  return res.body.access_token as string;
}

describe("ADMIN_EMAILS", () => {
  it("a registrant who squatted a listed address (its link opened by a scanner) is no admin: the mailbox's code is needed", async () => {
    const listed = uniqueEmail("ops");
    list(listed);
    // The attacker registers the listed address; the confirmation link is opened (a mail scanner).
    const squatter = await signUp({ email: listed });
    await enrolTotp(squatter);
    const refused = await api("GET", "/api/admin/users", { token: squatter.access });
    expectProblem(refused, 403, "forbidden");
    expect(refused.body.detail).toMatch(/confirm it with the code/);
    // Every admin route says the same; nothing reaches the data.
    expectProblem(await api("GET", `/api/admin/users/${squatter.userId}`, { token: squatter.access }), 403, "forbidden");
    // Whoever reads the mailbox types the code: only then is the account an admin.
    await proveAdminEmail(squatter);
    expect((await api("GET", "/api/admin/users", { token: squatter.access })).status).toBe(200);
  });

  it("changing your address to a listed one gives no admin access, even once the change is confirmed", async () => {
    const listed = uniqueEmail("newops");
    list(listed);
    const person = await signUp();
    await enrolTotp(person);
    await stepUp(person);
    const change = await api("PATCH", "/api/auth/profile", { token: person.access, json: { email: listed } });
    expect(change.status, change.text).toBe(200);
    const mail = await latestEmailTo(listed);
    const confirmed = await api("POST", "/api/auth/confirm-account", { json: { email: listed, code: codeIn(mail) } });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect((await db().user.findUniqueOrThrow({ where: { id: person.userId } })).email).toBe(listed);
    expectProblem(await api("GET", "/api/admin/users", { token: person.access }), 403, "forbidden");
  });

  it("a proof holds for the address it was made for: a later email change leaves it behind", async () => {
    const admin = await signUp();
    await enrolTotp(admin);
    list(admin.email);
    await proveAdminEmail(admin);
    expect((await api("GET", "/api/admin/users", { token: admin.access })).status).toBe(200);
    await db().user.update({ where: { id: admin.userId }, data: { email: uniqueEmail("moved") } });
    expectProblem(await api("GET", "/api/admin/users", { token: admin.access }), 404, "not_found");
  });
});

describe("an impersonation lives only while its admin does", () => {
  it("ends when the admin is signed out everywhere, their factors reset, or their grant revoked", async () => {
    const boss = await adminAtAal2();
    const person = await signUp();
    for (const end of ["sessions/revoke", "mfa/reset", "grant"] as const) {
      const admin = await adminAtAal2();
      const token = await impersonate(admin, person);
      expect((await api("GET", "/api/auth/profile", { token })).status).toBe(200);
      if (end === "grant") await db().user.update({ where: { id: admin.userId }, data: { instanceAdmin: false } });
      else expect((await api("POST", `/api/admin/users/${admin.userId}/${end}`, { token: boss.access })).status).toBe(204);
      expect((await api("GET", "/api/auth/profile", { token })).status, end).toBe(401);
    }
  });

  it("ends for good: standing regained later does not bring the impersonation back", async () => {
    const person = await signUp();
    for (const lost of ["grant", "disabled"] as const) {
      const admin = await adminAtAal2();
      const token = await impersonate(admin, person);
      expect((await api("GET", `/api/organizations/${person.organizationId}/members`, { token })).status).toBe(200);
      const data = lost === "grant" ? { instanceAdmin: false } : { disabledAt: new Date() };
      await db().user.update({ where: { id: admin.userId }, data });
      expect((await api("GET", `/api/organizations/${person.organizationId}/members`, { token })).status, lost).toBe(401);
      await db().user.update({ where: { id: admin.userId }, data: lost === "grant" ? { instanceAdmin: true } : { disabledAt: null } });
      expect((await api("GET", "/api/auth/profile", { token })).status, `${lost}, regained`).toBe(401);
      const session = await db().authSession.findFirstOrThrow({ where: { userId: person.userId, impersonatedById: admin.userId } });
      expect(session.revokedReason).toBe("impersonator_not_admin");
    }
  });

  it("ends when the admin changes their password (their sessions end with it)", async () => {
    const admin = await adminAtAal2();
    const person = await signUp();
    const token = await impersonate(admin, person);
    const changed = await api("POST", "/api/auth/change-password", {
      token: admin.access,
      json: { currentPassword: PASSWORD, newPassword: "Another-Horse-91" },
    });
    expect(changed.status, changed.text).toBe(200);
    expect((await api("GET", "/api/auth/profile", { token })).status).toBe(401);
  });
});

describe("an impersonation leaves nothing behind", () => {
  it("cannot add webhook endpoints, invitations or roles, nor rename a passkey", async () => {
    const admin = await adminAtAal2();
    const person = await signUp();
    const member = await addMember(person, person.organizationId, "member");
    await addPasskey(person, newPasskey());
    const passkey = await db().passkey.findFirstOrThrow({ where: { userId: person.userId } });
    const token = await impersonate(admin, person);
    const org = `/api/organizations/${person.organizationId}`;
    const attempts = [
      ["POST", `${org}/webhooks`, { url: "https://hooks.example.com/x", events: ["*"] }],
      ["POST", `${org}/invitations`, { email: uniqueEmail("outsider"), role: "owner" }],
      ["PATCH", `${org}/members/${member.userId}`, { role: "owner" }],
      ["PATCH", `/api/auth/passkeys/${passkey.id}`, { name: "renamed" }],
    ] as const;
    for (const [method, path, json] of attempts) expectProblem(await api(method, path, { token, json }), 403, "forbidden");
    expect(await db().webhookEndpoint.count({ where: { organizationId: person.organizationId } })).toBe(0);
    expect(await db().invitation.count({ where: { organizationId: person.organizationId, acceptedAt: null } })).toBe(0);
    expect((await db().membership.findFirstOrThrow({ where: { userId: member.userId, organizationId: person.organizationId } })).role).toBe(
      "member",
    );
    expect((await db().passkey.findUniqueOrThrow({ where: { id: passkey.id } })).name).toBe(passkey.name);
  });
});

describe("admin actions", () => {
  it("refuse your own account for signing out everywhere and resetting factors (409): the profile asks for a password", async () => {
    const admin = await adminAtAal2();
    expectProblem(await api("POST", `/api/admin/users/${admin.userId}/mfa/reset`, { token: admin.access }), 409, "conflict");
    expectProblem(await api("POST", `/api/admin/users/${admin.userId}/sessions/revoke`, { token: admin.access }), 409, "conflict");
    expect(await db().totpFactor.count({ where: { userId: admin.userId } })).toBe(1);
  });

  it("answer 422, never 500, to control characters in a search or an id", async () => {
    const admin = await adminAtAal2();
    expectProblem(await api("GET", "/api/admin/users?query=%00", { token: admin.access }), 422, "validation_failed");
    expectProblem(await api("GET", "/api/admin/audit-log?actorId=%00", { token: admin.access }), 422, "validation_failed");
    void signIn;
  });
});
