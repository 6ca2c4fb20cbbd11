import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { sha256 } from "@/lib/auth/crypto";
import { api, expectProblem } from "../support/api";
import { PASSWORD, signUp, uniqueEmail } from "../support/accounts";
import { codeIn, latestEmailTo } from "../support/mail";
import { addMember, createKey, invite } from "./organizations-fixtures";

const invitations = (orgId: string) => `/api/organizations/${orgId}/invitations`;

describe("POST /api/organizations/{orgId}/invitations", () => {
  it("emails a link with a long token, stores only its hash, and lists the invitation without it", async () => {
    const owner = await signUp({ organizationName: "Inviting Co" });
    const email = uniqueEmail("invitee");
    const { invitation, token } = await invite(owner, owner.organizationId, email.toUpperCase(), "admin");
    expect(invitation).toMatchObject({ email, role: "admin", status: "pending" });
    expect(token.length).toBeGreaterThanOrEqual(40);
    const message = await latestEmailTo(email);
    expect(message.text).toContain(`http://localhost:3000/invitations/${token}`);
    expect(message.text).toContain("Inviting Co");
    const expiresIn = new Date(invitation.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(7 * 86_400_000);

    const row = await db().invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);

    const list = await api("GET", invitations(owner.organizationId), { token: owner.access });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: invitation.id, email, status: "pending" })]);
    expect(list.text).not.toContain(token);
    expect(list.text).not.toContain(row.tokenHash);
  });

  it("answers 409 for an existing member, 403 to a member, 403 when an admin invites an owner, 422 for bad input", async () => {
    const owner = await signUp();
    const admin = await addMember(owner, owner.organizationId, "admin");
    const member = await addMember(owner, owner.organizationId, "member");
    const existing = await api("POST", invitations(owner.organizationId), {
      token: admin.access,
      json: { email: member.email.toUpperCase(), role: "member" },
    });
    expectProblem(existing, 409, "conflict");
    const byMember = await api("POST", invitations(owner.organizationId), {
      token: member.access,
      json: { email: uniqueEmail(), role: "member" },
    });
    expect(byMember.status).toBe(403);
    expect((await api("GET", invitations(owner.organizationId), { token: member.access })).status).toBe(403);
    const ownerInvite = await api("POST", invitations(owner.organizationId), {
      token: admin.access,
      json: { email: uniqueEmail(), role: "owner" },
    });
    expect(ownerInvite.status).toBe(403);
    const bad = await api("POST", invitations(owner.organizationId), { token: owner.access, json: { email: "nope", role: "king" } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(["email", "role"]);
  });
});

describe("POST /api/invitations/{token}/accept", () => {
  it("adds the signed-in invitee with the invited role, once", async () => {
    const owner = await signUp();
    const invitee = await signUp();
    const { token } = await invite(owner, owner.organizationId, invitee.email, "admin");
    const res = await api("POST", `/api/invitations/${token}/accept`, { token: invitee.access });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      userId: invitee.userId,
      organizationId: owner.organizationId,
      role: "admin",
      organization: { id: owner.organizationId },
    });
    const again = await api("POST", `/api/invitations/${token}/accept`, { token: invitee.access });
    expectProblem(again, 400, "invalid_token");
    const audit = await api("GET", `/api/organizations/${owner.organizationId}/audit-log`, { token: owner.access });
    expect(audit.body.items.map((e: any) => e.type)).toEqual(expect.arrayContaining(["invitation.created", "invitation.accepted"]));
  });

  it("refuses another account (403), a revoked or expired invitation and a made-up token (400), and anonymous callers (401)", async () => {
    const owner = await signUp();
    const invitee = await signUp();
    const someoneElse = await signUp();
    const { token, invitation } = await invite(owner, owner.organizationId, invitee.email, "member");
    expect((await api("POST", `/api/invitations/${token}/accept`)).status).toBe(401);
    const wrongUser = await api("POST", `/api/invitations/${token}/accept`, { token: someoneElse.access });
    expect(wrongUser.status).toBe(403);
    expect((await api("POST", "/api/invitations/not-a-real-token-at-all-xxxxxxxx/accept", { token: invitee.access })).body.code).toBe(
      "invalid_token",
    );

    expect((await api("DELETE", `${invitations(owner.organizationId)}/${invitation.id}`, { token: owner.access })).status).toBe(204);
    const revoked = await api("POST", `/api/invitations/${token}/accept`, { token: invitee.access });
    expectProblem(revoked, 400, "invalid_token");
    expect((await api("GET", invitations(owner.organizationId), { token: owner.access })).body.items[0].status).toBe("revoked");

    const second = await invite(owner, owner.organizationId, invitee.email, "member");
    await db().invitation.update({ where: { id: second.invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await api("POST", `/api/invitations/${second.token}/accept`, { token: invitee.access });
    expectProblem(expired, 400, "invalid_token");
  });

  it("inviting the same address again replaces the earlier link", async () => {
    const owner = await signUp();
    const invitee = await signUp();
    const first = await invite(owner, owner.organizationId, invitee.email, "member");
    const second = await invite(owner, owner.organizationId, invitee.email, "admin");
    expect((await api("POST", `/api/invitations/${first.token}/accept`, { token: invitee.access })).status).toBe(400);
    const ok = await api("POST", `/api/invitations/${second.token}/accept`, { token: invitee.access });
    expect(ok.body.role).toBe("admin");
  });
});

describe("registering with an invitation", () => {
  it("joins the inviting organization, confirmed, without a default organization of its own", async () => {
    const owner = await signUp({ organizationName: "Joinable" });
    const email = uniqueEmail("newcomer");
    const { token } = await invite(owner, owner.organizationId, email, "member");
    const res = await api("POST", "/api/auth/register", { json: { email, password: PASSWORD, name: "New Comer", invitationToken: token } });
    expect(res.status, res.text).toBe(201);
    // The contract's registration answer, as for anyone; the account is confirmed already.
    expect(res.body).toEqual({ message: expect.any(String), verificationRequired: true });
    const login = await api("POST", "/api/auth/login", { json: { email, password: PASSWORD } });
    expect(login.status, login.text).toBe(200);
    expect(login.body.user.emailVerified).toBe(true);
    expect(login.body.user.organizations).toEqual([expect.objectContaining({ id: owner.organizationId, role: "member" })]);
    expect(login.body.organization).toMatchObject({ id: owner.organizationId, role: "member" });
    // A client following the usual flow can still confirm with the emailed code.
    const code = codeIn(await latestEmailTo(email, { subject: /confirmation code/i }));
    const confirmed = await api("POST", "/api/auth/confirm-account", { json: { email, code } });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body.organization).toMatchObject({ id: owner.organizationId });
  });
});

describe("DELETE /api/organizations/{orgId}/invitations/{id}", () => {
  it("revokes for admins and API keys with the permission; 404 for another organization's invitation", async () => {
    const owner = await signUp();
    const other = await signUp();
    const key = await createKey(owner, owner.organizationId);
    const { invitation } = await invite(owner, owner.organizationId, uniqueEmail(), "member");
    const foreign = await invite(other, other.organizationId, uniqueEmail(), "member");
    const cross = await api("DELETE", `${invitations(owner.organizationId)}/${foreign.invitation.id}`, { token: owner.access });
    expect(cross.status).toBe(404);
    expect((await api("GET", invitations(other.organizationId), { token: other.access })).body.items[0].status).toBe("pending");
    expect((await api("DELETE", `${invitations(owner.organizationId)}/${invitation.id}`, { apiKey: key.key })).status).toBe(204);
    const audit = await api("GET", `/api/organizations/${owner.organizationId}/audit-log`, { token: owner.access });
    expect(audit.body.items.find((e: any) => e.type === "invitation.revoked")).toMatchObject({ actorId: key.id, actorType: "api_key" });
  });
});
