// Issue 12 items 5 and 8: an invitation is spent by exactly one of accept, revoke and re-invite
// when they arrive at the same moment, and an invitation never outlives its inviter's right to
// issue it (removal, demotion).
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { api, expectProblem } from "../support/api";
import { PASSWORD, signUp, uniqueEmail } from "../support/accounts";
import { addMember, invite } from "./organizations-fixtures";

const invitations = (orgId: string) => `/api/organizations/${orgId}/invitations`;
const memberIds = async (orgId: string) =>
  (await db().membership.findMany({ where: { organizationId: orgId }, select: { userId: true } })).map((m) => m.userId);

describe("accepting and revoking at the same moment", () => {
  it("lets exactly one of them win, every time: a revoked invitation never lets anyone in", async () => {
    const owner = await signUp();
    for (let i = 0; i < 8; i++) {
      const invitee = await signUp();
      const { token, invitation } = await invite(owner, owner.organizationId, invitee.email, "member");
      const [accepted, revoked] = await Promise.all([
        api("POST", `/api/invitations/${token}/accept`, { token: invitee.access }),
        api("DELETE", `${invitations(owner.organizationId)}/${invitation.id}`, { token: owner.access }),
      ]);
      const joined = (await memberIds(owner.organizationId)).includes(invitee.userId);
      if (accepted.status === 200) {
        expect(revoked.status, `try ${i}: revoke after accept`).toBe(409);
        expect(revoked.body.code).toBe("conflict");
        expect(joined).toBe(true);
      } else {
        expect(revoked.status, `try ${i}: ${revoked.text}`).toBe(204);
        expect(accepted.status, `try ${i}: ${accepted.text}`).toBe(400);
        expect(accepted.body.code).toBe("invalid_token");
        expect(joined).toBe(false);
      }
    }
  });

  it("re-inviting at the moment of acceptance never answers 201 for someone who just joined", async () => {
    const owner = await signUp();
    for (let i = 0; i < 8; i++) {
      const invitee = await signUp();
      const { token } = await invite(owner, owner.organizationId, invitee.email, "member");
      const [accepted, reinvited] = await Promise.all([
        api("POST", `/api/invitations/${token}/accept`, { token: invitee.access }),
        api("POST", invitations(owner.organizationId), { token: owner.access, json: { email: invitee.email, role: "admin" } }),
      ]);
      const joined = (await memberIds(owner.organizationId)).includes(invitee.userId);
      expect(joined).toBe(accepted.status === 200);
      if (accepted.status === 200) {
        expect(reinvited.status, `try ${i}: re-invite after accept`).toBe(409);
      } else {
        expect(reinvited.status, `try ${i}: ${reinvited.text}`).toBe(201);
        expect(accepted.body.code).toBe("invalid_token");
      }
      const pending = await db().invitation.count({
        where: { organizationId: owner.organizationId, email: invitee.email, acceptedAt: null, revokedAt: null },
      });
      expect(pending, `try ${i}: pending invitations left`).toBe(joined ? 0 : 1);
    }
  });

  it("refuses an expired invitation, which can still be revoked", async () => {
    const owner = await signUp();
    const invitee = await signUp();
    const { token, invitation } = await invite(owner, owner.organizationId, invitee.email, "member");
    await db().invitation.update({ where: { id: invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await api("POST", `/api/invitations/${token}/accept`, { token: invitee.access });
    expectProblem(res, 400, "invalid_token");
    // And an expired invitation can still be revoked (it was never accepted).
    expect((await api("DELETE", `${invitations(owner.organizationId)}/${invitation.id}`, { token: owner.access })).status).toBe(204);
  });
});

describe("invitations do not outlive their inviter's rights", () => {
  it("a removed co-owner cannot come back through the owner invitation they sent to their second address", async () => {
    const b = await signUp({ organizationName: "Held By B" });
    const a = await addMember(b, b.organizationId, "owner", "co-owner");
    const second = uniqueEmail("a-second");
    const { token } = await invite(a, b.organizationId, second, "owner");
    expect((await api("DELETE", `/api/organizations/${b.organizationId}/members/${a.userId}`, { token: b.access })).status).toBe(204);

    const list = await api("GET", invitations(b.organizationId), { token: b.access });
    expect(list.body.items.find((i: any) => i.email === second)?.status).toBe("revoked");
    const registered = await api("POST", "/api/auth/register", {
      json: { email: second, password: PASSWORD, name: "A again", invitationToken: token },
    });
    const joined = await db().membership.findFirst({ where: { organizationId: b.organizationId, user: { email: second } } });
    expect(joined, `register answered ${registered.status}`).toBeNull();
    const audit = await api("GET", `/api/organizations/${b.organizationId}/audit-log`, { token: b.access });
    expect(audit.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: "invitation.revoked",
          metadata: expect.objectContaining({ email: second, reason: "inviter_removed" }),
        }),
      ]),
    );
  });

  it("a removed admin's pending invitations stop working, also through accept", async () => {
    const owner = await signUp();
    const admin = await addMember(owner, owner.organizationId, "admin");
    const invitee = await signUp();
    const { token } = await invite(admin, owner.organizationId, invitee.email, "admin");
    expect(
      (await api("DELETE", `/api/organizations/${owner.organizationId}/members/${admin.userId}`, { token: owner.access })).status,
    ).toBe(204);
    const res = await api("POST", `/api/invitations/${token}/accept`, { token: invitee.access });
    expectProblem(res, 400, "invalid_token");
    expect(await memberIds(owner.organizationId)).not.toContain(invitee.userId);
  });

  it("a member leaving revokes the invitations they sent", async () => {
    const owner = await signUp();
    const admin = await addMember(owner, owner.organizationId, "admin");
    const invitee = await signUp();
    const { token } = await invite(admin, owner.organizationId, invitee.email, "member");
    expect(
      (await api("DELETE", `/api/organizations/${owner.organizationId}/members/${admin.userId}`, { token: admin.access })).status,
    ).toBe(204);
    expect((await api("POST", `/api/invitations/${token}/accept`, { token: invitee.access })).status).toBe(400);
  });

  it("a demotion revokes exactly the invitations the new role could not issue", async () => {
    const owner = await signUp();
    const coOwner = await addMember(owner, owner.organizationId, "owner", "co-owner");
    const toOwner = await signUp();
    const toAdmin = await signUp();
    const ownerInvite = await invite(coOwner, owner.organizationId, toOwner.email, "owner");
    const adminInvite = await invite(coOwner, owner.organizationId, toAdmin.email, "admin");

    const demoted = await api("PATCH", `/api/organizations/${owner.organizationId}/members/${coOwner.userId}`, {
      token: owner.access,
      json: { role: "admin" },
    });
    expect(demoted.status, demoted.text).toBe(200);
    expect((await api("POST", `/api/invitations/${ownerInvite.token}/accept`, { token: toOwner.access })).status).toBe(400);
    expect((await api("POST", `/api/invitations/${adminInvite.token}/accept`, { token: toAdmin.access })).status).toBe(200);

    const toMember = await signUp();
    const memberInvite = await invite(coOwner, owner.organizationId, toMember.email, "member");
    expect(
      (
        await api("PATCH", `/api/organizations/${owner.organizationId}/members/${coOwner.userId}`, {
          token: owner.access,
          json: { role: "member" },
        })
      ).status,
    ).toBe(200);
    expect((await api("POST", `/api/invitations/${memberInvite.token}/accept`, { token: toMember.access })).status).toBe(400);
  });

  it("accepting re-checks the inviter even when the invitation was never revoked (older data, or a race)", async () => {
    const owner = await signUp();
    const admin = await addMember(owner, owner.organizationId, "admin");
    const invitee = await signUp();
    const { token, invitation } = await invite(admin, owner.organizationId, invitee.email, "member");
    // The state an earlier version left behind: the inviter is gone, the invitation still pending.
    await db().membership.delete({ where: { userId_organizationId: { userId: admin.userId, organizationId: owner.organizationId } } });
    expect((await db().invitation.findUniqueOrThrow({ where: { id: invitation.id } })).revokedAt).toBeNull();
    const res = await api("POST", `/api/invitations/${token}/accept`, { token: invitee.access });
    expectProblem(res, 400, "invalid_token");
  });
});
