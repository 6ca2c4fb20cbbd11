// Issue 12 item 10: a logout always revokes, whatever happens to its audit entry, and the entry
// goes to an organization's log only while the person still belongs to it.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { api } from "../support/api";
import { signIn, signUp } from "../support/accounts";
import { addMember, stepUp } from "./organizations-fixtures";

const logoutRows = (organizationId: string | null, actorId: string) =>
  db().auditEvent.findMany({ where: { type: "logout", organizationId, actorId }, select: { userAgent: true, metadata: true } });

describe("POST /api/auth/logout", () => {
  it("revokes the session even when the token names an organization that was deleted", async () => {
    const user = await signUp();
    await stepUp(user);
    expect((await api("DELETE", `/api/organizations/${user.organizationId}`, { token: user.access })).status).toBe(204);

    const res = await api("POST", "/api/auth/logout", { token: user.access });
    expect(res.status, res.text).toBe(204);
    expect((await api("GET", "/api/auth/profile", { token: user.access })).status).toBe(401);
    expect((await api("POST", "/api/auth/refresh", { json: { refresh_token: user.refresh } })).status).toBe(401);
    // Recorded for operators, without an organization.
    expect(await logoutRows(null, user.userId)).toHaveLength(1);
  });

  it("ends every session with allSessions even when the active organization is gone", async () => {
    const user = await signUp();
    const other = await signIn(user.email);
    await stepUp(user);
    expect((await api("DELETE", `/api/organizations/${user.organizationId}`, { token: user.access })).status).toBe(204);
    expect((await api("POST", "/api/auth/logout", { token: user.access, json: { allSessions: true } })).status).toBe(204);
    expect((await api("GET", "/api/auth/profile", { token: other.access })).status).toBe(401);
    expect((await api("POST", "/api/auth/refresh", { json: { refresh_token: other.refresh } })).status).toBe(401);
  });

  it("writes nothing into the log of an organization the person was removed from", async () => {
    const owner = await signUp();
    const member = await addMember(owner, owner.organizationId, "member");
    expect(
      (await api("DELETE", `/api/organizations/${owner.organizationId}/members/${member.userId}`, { token: owner.access })).status,
    ).toBe(204);

    const res = await api("POST", "/api/auth/logout", { token: member.access, headers: { "user-agent": "Call +1-555-0100 now" } });
    expect(res.status).toBe(204);
    expect((await api("GET", "/api/auth/profile", { token: member.access })).status).toBe(401);
    expect(await logoutRows(owner.organizationId, member.userId)).toEqual([]);
    const audit = await api("GET", `/api/organizations/${owner.organizationId}/audit-log`, { token: owner.access });
    expect(audit.text).not.toContain("555-0100");
  });

  it("logs to the session's organization while the person belongs to it, without the session id", async () => {
    const user = await signUp();
    expect((await api("POST", "/api/auth/logout", { token: user.access })).status).toBe(204);
    const rows = await logoutRows(user.organizationId, user.userId);
    expect(rows).toHaveLength(1);
    const sid = JSON.parse(Buffer.from(user.access.split(".")[1]!, "base64url").toString()).sid;
    expect(JSON.stringify(rows[0]!.metadata)).not.toContain(sid);
  });
});
