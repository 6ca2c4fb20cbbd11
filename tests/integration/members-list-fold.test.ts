// The members list with a Bearer token reads its rows in the session check's own statement
// (HandlerOptions.organizationRead): one round trip. These tests hold that the fold gives the same
// answers as the two statements it replaced: the session decides first (401 before 422 and 404),
// the organization is the one the request names (path, X-Organization-Id, ?org=, the token's
// `current`), and nothing is listed to a caller the access check would refuse.
import { describe, expect, it } from "vitest";
import { db, queryCounter } from "@/lib/db/client";
import { api, expectProblem } from "../support/api";
import { signUp } from "../support/accounts";
import { addMember, invite } from "./organizations-fixtures";

const members = (org: string, query = "") => `/api/organizations/${org}/members${query}`;
const ids = (body: { items: { userId: string }[] }) => body.items.map((m) => m.userId);

async function slugOf(owner: { access: string; organizationId: string }) {
  return (await api("GET", `/api/organizations/${owner.organizationId}`, { token: owner.access })).body.slug as string;
}

describe("the members list in the session check's statement", () => {
  it("names the organization as the contract orders it, each in one statement", async () => {
    const owner = await signUp();
    // A person whose token's `current` is their own organization, and who joins the owner's.
    const member = await signUp();
    const { token } = await invite(owner, owner.organizationId, member.email, "member");
    expect((await api("POST", `/api/invitations/${token}/accept`, { token: member.access })).status).toBe(200);
    const slug = await slugOf(owner);
    const expected = [owner.userId, member.userId];
    for (const [url, headers] of [
      [members(owner.organizationId), {}],
      [members(slug), {}],
      [members("current", `?org=${slug}`), {}],
      [members("current"), { "x-organization-id": owner.organizationId }],
      [members("current"), { "x-organization-id": slug }],
    ] as const) {
      const before = queryCounter.count;
      const res = await api("GET", url, { token: member.access, headers });
      expect(res.status, `${url} ${JSON.stringify(headers)}`).toBe(200);
      expect(queryCounter.count - before, url).toBe(1);
      expect(ids(res.body), url).toEqual(expected);
    }
    // `current` alone is the token's organization: the member's own, where the owner is not.
    const own = await api("GET", members("current"), { token: member.access });
    expect(own.status).toBe(200);
    expect(ids(own.body)).toEqual([member.userId]);
  });

  it("answers 401 for an ended session before anything about the path, the query or the organization", async () => {
    const owner = await signUp();
    const member = await addMember(owner, owner.organizationId, "member");
    expect((await api("POST", "/api/auth/logout", { token: member.access })).status).toBeLessThan(300);
    for (const url of [
      members(owner.organizationId),
      members("current"),
      members("no-such-organization"),
      members("current", `?org=${"x".repeat(101)}`), // a query its schema refuses (422 to a live session)
    ]) {
      expectProblem(await api("GET", url, { token: member.access }), 401, "unauthorized");
    }
  });

  it("answers 401 for an expired session, and 422 for a bad query only to a live one", async () => {
    const owner = await signUp();
    expectProblem(await api("GET", members("current", `?org=${"x".repeat(101)}`), { token: owner.access }), 422, "validation_failed");
    const sessionId = JSON.parse(Buffer.from(owner.access.split(".")[1]!, "base64url").toString()).sid as string;
    await db().authSession.update({ where: { id: sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expectProblem(await api("GET", members(owner.organizationId), { token: owner.access }), 401, "unauthorized");
  });

  it("lists nothing to a non-member or a removed member: the same 404 as an unknown organization", async () => {
    const owner = await signUp();
    const member = await addMember(owner, owner.organizationId, "member");
    const stranger = await signUp();
    const slug = await slugOf(owner);
    for (const org of [owner.organizationId, slug]) {
      const res = await api("GET", members(org), { token: stranger.access });
      expectProblem(res, 404, "not_found");
      expect(res.text).not.toContain(owner.email);
    }
    expectProblem(
      await api("GET", members("current"), { token: stranger.access, headers: { "x-organization-id": slug } }),
      404,
      "not_found",
    );
    expect((await api("GET", members(owner.organizationId), { token: member.access })).status).toBe(200);
    expect((await api("DELETE", `${members(owner.organizationId)}/${member.userId}`, { token: owner.access })).status).toBe(204);
    const after = await api("GET", members(owner.organizationId), { token: member.access });
    expectProblem(after, 404, "not_found");
    expect(after.text).not.toContain(owner.email);
  });

  it("keeps the organization's two-factor policy: an aal1 member is refused, not listed", async () => {
    const owner = await signUp();
    const member = await addMember(owner, owner.organizationId, "member");
    await db().organization.update({ where: { id: owner.organizationId }, data: { requireMfa: true } });
    const res = await api("GET", members(owner.organizationId), { token: member.access });
    expectProblem(res, 403, "mfa_enrollment_required");
    expect(res.text).not.toContain(owner.email);
  });
});
