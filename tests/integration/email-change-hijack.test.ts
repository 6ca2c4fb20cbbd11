// Issue 12 items 13-15: a pending email change must not outlive the owner's response to an
// intrusion, must belong to the account that asked, and must not revive old reset links.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { api, expectProblem } from "../support/api";
import { PASSWORD, signIn, signUp, uniqueEmail, type SignedIn } from "../support/accounts";
import { codeIn, emailsTo, latestEmailTo, linkTokenIn, waitForEmails } from "../support/mail";

async function requestEmailChange(user: SignedIn, newEmail: string) {
  expect((await api("POST", "/api/auth/check-password", { token: user.access, json: { password: PASSWORD } })).status).toBe(200);
  return api("PATCH", "/api/auth/profile", { token: user.access, json: { email: newEmail } });
}

/** The owner, and an intruder who knows the password and has asked to move the account to their address. */
async function intrusion() {
  const owner = await signUp();
  const intruder = await signIn(owner.email);
  const intruderEmail = uniqueEmail("intruder");
  expect((await requestEmailChange(intruder, intruderEmail)).status).toBe(200);
  const code = codeIn(await latestEmailTo(intruderEmail))!;
  return { owner, intruder, intruderEmail, code };
}

const confirm = (email: string, code: string) => api("POST", "/api/auth/confirm-account", { json: { email, code } });
const emailOf = async (userId: string) => (await db().user.findUniqueOrThrow({ where: { id: userId } })).email;

describe("a pending email change and the owner's response (issue 12 item 13)", () => {
  it("dies when the owner changes the password", async () => {
    const { owner, intruderEmail, code } = await intrusion();
    const changed = await api("POST", "/api/auth/change-password", {
      token: owner.access,
      json: { currentPassword: PASSWORD, newPassword: "Owner-Harbor-Violet-5" },
    });
    expect(changed.status).toBe(200);
    expect((await confirm(intruderEmail, code)).status).toBe(400);
    expect(await emailOf(owner.userId)).toBe(owner.email);
  });

  it("dies when the owner logs out every session", async () => {
    const { owner, intruderEmail, code } = await intrusion();
    expect((await api("POST", "/api/auth/logout", { token: owner.access, json: { allSessions: true } })).status).toBe(204);
    expect((await confirm(intruderEmail, code)).status).toBe(400);
    expect(await emailOf(owner.userId)).toBe(owner.email);
  });

  it("dies when the owner revokes the intruder's session", async () => {
    const { owner, intruder, intruderEmail, code } = await intrusion();
    const sid = JSON.parse(Buffer.from(intruder.access.split(".")[1]!, "base64url").toString()).sid;
    expect((await api("DELETE", `/api/auth/sessions/${sid}`, { token: owner.access })).status).toBe(204);
    expect((await confirm(intruderEmail, code)).status).toBe(400);
  });

  it("is never re-sent (nor extended) to someone without credentials", async () => {
    const { owner, intruderEmail } = await intrusion();
    await api("POST", "/api/auth/change-password", {
      token: owner.access,
      json: { currentPassword: PASSWORD, newPassword: "Owner-Harbor-Violet-5" },
    });
    const before = (await emailsTo(intruderEmail)).length;
    expect((await api("GET", `/api/auth/resend-email-verification?email=${encodeURIComponent(intruderEmail)}`)).status).toBe(202);
    expect((await api("POST", "/api/auth/request-code", { json: { email: intruderEmail } })).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await emailsTo(intruderEmail)).toHaveLength(before);
  });

  it("is re-sent to the session that asked, bound to it", async () => {
    const { intruder, intruderEmail, code } = await intrusion();
    const before = (await emailsTo(intruderEmail)).length;
    expect((await api("GET", "/api/auth/resend-email-verification", { token: intruder.access })).status).toBe(202);
    const [newest] = await waitForEmails(intruderEmail, before + 1);
    const fresh = codeIn(newest!)!;
    if (fresh !== code) expect((await confirm(intruderEmail, code)).status).toBe(400);
    expect((await api("POST", "/api/auth/logout", { token: intruder.access })).status).toBe(204);
    expect((await confirm(intruderEmail, fresh)).status).toBe(400);
  });

  it("opens no session when confirmed, and the old address can undo it (POST only), which signs everyone out", async () => {
    const { owner, intruder, intruderEmail, code } = await intrusion();
    const confirmed = await confirm(intruderEmail, code);
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body).toEqual({ verified: true, email: intruderEmail });
    expect(confirmed.text).not.toMatch(/access_token|refresh_token/);

    const notice = await latestEmailTo(owner.email, { subject: /email address was changed/i });
    expect(notice.text).toContain(intruderEmail);
    const undoToken = linkTokenIn(notice, "/undo-email-change/")!;
    expect(undoToken).toBeTruthy();
    expect(await db().oneTimeToken.count({ where: { tokenHash: { contains: undoToken } } })).toBe(0);
    expect((await api("GET", "/api/auth/undo-email-change")).status).toBe(405);

    // The intruder, now holding the address, asks for a reset link: the undo must kill it too.
    await api("POST", "/api/auth/forgot-password", { json: { email: intruderEmail } });
    const reset = linkTokenIn(await latestEmailTo(intruderEmail, { subject: /reset your password/i }), "/reset-password/");

    const undone = await api("POST", "/api/auth/undo-email-change", { json: { token: undoToken } });
    expect(undone.status, undone.text).toBe(200);
    expect(undone.body.email).toBe(owner.email);
    expect(await emailOf(owner.userId)).toBe(owner.email);
    expect((await api("GET", "/api/auth/profile", { token: intruder.access })).status).toBe(401);
    expect((await api("GET", "/api/auth/profile", { token: owner.access })).status).toBe(401);
    expect((await api("POST", "/api/auth/validate-token", { json: { token: reset } })).status).toBe(400);
    expect((await api("POST", "/api/auth/undo-email-change", { json: { token: undoToken } })).status).toBe(400);
  });

  it("an intruder's second change cannot undo the owner's undo", async () => {
    const { owner, intruder, intruderEmail, code } = await intrusion();
    expect((await confirm(intruderEmail, code)).status).toBe(200);
    const ownerUndo = linkTokenIn(await latestEmailTo(owner.email, { subject: /email address was changed/i }), "/undo-email-change/")!;
    const second = uniqueEmail("intruder2");
    expect((await requestEmailChange(intruder, second)).status).toBe(200);
    expect((await confirm(second, codeIn(await latestEmailTo(second))!)).status).toBe(200);
    const intruderUndo = linkTokenIn(await latestEmailTo(intruderEmail, { subject: /email address was changed/i }), "/undo-email-change/")!;

    expect((await api("POST", "/api/auth/undo-email-change", { json: { token: ownerUndo } })).status).toBe(200);
    expect((await api("POST", "/api/auth/undo-email-change", { json: { token: intruderUndo } })).status).toBe(400);
    expect(await emailOf(owner.userId)).toBe(owner.email);
  });
});

describe("email-change codes belong to one account (issue 12 item 14)", () => {
  it("refuses a change to an address another account is confirming; the first account's code still works", async () => {
    const first = await signUp();
    const second = await signUp();
    const target = uniqueEmail("wanted");
    expect((await requestEmailChange(first, target)).status).toBe(200);
    const code = codeIn(await latestEmailTo(target))!;
    const taken = await requestEmailChange(second, target);
    expectProblem(taken, 409, "conflict");
    expect((await confirm(target, code)).status).toBe(200);
    expect(await emailOf(first.userId)).toBe(target);
    expect(await emailOf(second.userId)).toBe(second.email);
  });
});

describe("reset links and address changes (issue 12 item 15)", () => {
  it("a reset link does not come back to life when the address is changed away and back", async () => {
    const user = await signUp();
    await api("POST", "/api/auth/forgot-password", { json: { email: user.email } });
    const reset = linkTokenIn(await latestEmailTo(user.email, { subject: /reset your password/i }), "/reset-password/");
    expect((await api("POST", "/api/auth/validate-token", { json: { token: reset } })).status).toBe(200);

    const away = uniqueEmail("away");
    expect((await requestEmailChange(user, away)).status).toBe(200);
    expect((await confirm(away, codeIn(await latestEmailTo(away))!)).status).toBe(200);
    expect((await requestEmailChange(user, user.email)).status).toBe(200);
    expect((await confirm(user.email, codeIn(await latestEmailTo(user.email, { subject: /new email/i }))!)).status).toBe(200);

    expect((await api("POST", "/api/auth/validate-token", { json: { token: reset } })).status).toBe(400);
    expect((await api("POST", "/api/auth/reset-password", { json: { token: reset, password: "Violet-Harbor-Lantern-7" } })).status).toBe(
      400,
    );
  });
});
