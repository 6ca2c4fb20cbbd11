import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { api, expectProblem } from "../support/api";
import { PASSWORD, signIn, signUp, uniqueEmail, type SignedIn } from "../support/accounts";
import { codeIn, emailsTo, latestEmailTo, linkTokenIn } from "../support/mail";

async function stepUp(user: SignedIn) {
  const res = await api("POST", "/api/auth/check-password", { token: user.access, json: { password: PASSWORD } });
  expect(res.status, res.text).toBe(200);
}

async function requestEmailChange(user: SignedIn, newEmail: string) {
  await stepUp(user);
  const res = await api("PATCH", "/api/auth/profile", { token: user.access, json: { email: newEmail } });
  expect(res.status, res.text).toBe(200);
  return res;
}

describe("GET /api/auth/profile", () => {
  it("returns the contract's profile, also at /api/auth/user", async () => {
    const user = await signUp({ name: undefined, firstName: "Ada", lastName: "Lovelace" });
    const res = await api("GET", "/api/auth/profile", { token: user.access });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: user.userId,
      email: user.email,
      name: "Ada Lovelace",
      firstName: "Ada",
      lastName: "Lovelace",
      emailVerified: true,
      mfaEnabled: false,
      createdAt: expect.any(String),
      organizations: [{ id: user.organizationId, name: expect.any(String), slug: expect.any(String), role: "owner" }],
      activeOrganizationId: user.organizationId,
    });
    expect((await api("GET", "/api/auth/user", { token: user.access })).body).toEqual(res.body);
    expect(res.text).not.toMatch(/passwordHash|\$2[aby]\$/);
  });

  it("is read with the session check, and only for a live session of the token's own user", async () => {
    const victim = await signUp();
    const attacker = await signUp();
    const { signAccessToken, verifyAccessToken } = await import("@/lib/auth/jwt");
    const claims = await verifyAccessToken(attacker.access);
    // A token naming the victim's session for another subject (it would take the signing secret):
    // the profile read is joined on the session's user, so the gate must refuse it.
    const victimSession = await db().authSession.findFirstOrThrow({ where: { userId: victim.userId } });
    const { token: crossed } = await signAccessToken({ ...claims, sid: victimSession.id });
    const res = await api("GET", "/api/auth/profile", { token: crossed });
    expect(res.status).toBe(401);
    expect(res.text).not.toContain(victim.email);

    await api("POST", "/api/auth/logout", { token: victim.access });
    const after = await api("GET", "/api/auth/profile", { token: victim.access });
    expect(after.status).toBe(401);
    expect(after.text).not.toContain(victim.email);

    await db().authSession.updateMany({ where: { userId: attacker.userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await api("GET", "/api/auth/profile", { token: attacker.access })).status).toBe(401);
  });

  it("hands the joined profile back only for the token's own live session, never a row of NULLs", async () => {
    const user = await signUp();
    const other = await signUp();
    const { requireSessionWithProfile } = await import("@/lib/sessions/check");
    const session = await db().authSession.findFirstOrThrow({ where: { userId: user.userId } });
    const found = await requireSessionWithProfile(session.id, user.userId);
    expect(found.profile?.id).toBe(user.userId);
    expect(found.session.id).toBe(session.id);
    // Another user's id with this session: the check refuses it before any profile is handed out.
    await expect(requireSessionWithProfile(session.id, other.userId)).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("needs credentials", async () => {
    expect((await api("GET", "/api/auth/profile")).status).toBe(401);
    expect((await api("PATCH", "/api/auth/profile", { json: { name: "X" } })).status).toBe(401);
    expect((await api("DELETE", "/api/auth/profile")).status).toBe(405);
  });
});

describe("PATCH /api/auth/profile: names", () => {
  it("updates the name at once and answers the new profile", async () => {
    const user = await signUp();
    const res = await api("PATCH", "/api/auth/profile", { token: user.access, json: { name: "  Grace Hopper " } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ id: user.userId, name: "Grace Hopper", email: user.email, organizations: [{ role: "owner" }] });
    expect((await api("GET", "/api/auth/profile", { token: user.access })).body.name).toBe("Grace Hopper");
  });

  it("derives name from first and last name when only those are sent", async () => {
    const user = await signUp({ name: "Old Name" });
    const res = await api("PATCH", "/api/auth/profile", { token: user.access, json: { firstName: "Ada", lastName: "Byron" } });
    expect(res.body).toMatchObject({ name: "Ada Byron", firstName: "Ada", lastName: "Byron" });
  });

  it("accepts PUT as well, and an empty body changes nothing", async () => {
    const user = await signUp({ name: "Keep Me" });
    const put = await api("PUT", "/api/auth/profile", { token: user.access, json: { name: "Via Put" } });
    expect(put.status).toBe(200);
    expect(put.body.name).toBe("Via Put");
    const empty = await api("PATCH", "/api/auth/profile", { token: user.access, json: {} });
    expect(empty.status).toBe(200);
    expect(empty.body.name).toBe("Via Put");
  });

  it.each([
    [{ name: "" }, "name"],
    [{ name: "x".repeat(101) }, "name"],
    [{ email: "not-an-email" }, "email"],
    [{ firstName: 42 }, "firstName"],
  ])("refuses %j with 422 on the field", async (json, field) => {
    const user = await signUp();
    const res = await api("PATCH", "/api/auth/profile", { token: user.access, json });
    expectProblem(res, 422, "validation_failed");
    expect(res.body.errors[field]).toBeDefined();
  });
});

describe("names with emoji sequences (issue 23, item 8)", () => {
  // Escaped so the invisible joiners and tags can be read: a skin-toned ZWJ sequence, and
  // Scotland's flag (black flag, tags g b s c t, CANCEL TAG).
  const ZOE = "Zo\u00eb \u{1F469}\u{1F3FD}\u200d\u{1F4BB}";
  const SCOTLAND = "\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}";
  const RAINBOW = "\u{1F3F3}\ufe0f\u200d\u{1F308}";

  it("registers with them and reads them back unchanged, through registration, PATCH and GET", async () => {
    const user = await signUp({ name: ZOE, organizationName: `Crew ${SCOTLAND}` });
    const profile = await api("GET", "/api/auth/profile", { token: user.access });
    expect(profile.body.name).toBe(ZOE);
    expect(profile.body.organizations[0].name).toBe(`Crew ${SCOTLAND}`);

    const res = await api("PATCH", "/api/auth/profile", { token: user.access, json: { firstName: ZOE, lastName: RAINBOW } });
    expect(res.status, res.text).toBe(200);
    const after = (await api("GET", "/api/auth/profile", { token: user.access })).body;
    expect(after).toMatchObject({ firstName: ZOE, lastName: RAINBOW, name: `${ZOE} ${RAINBOW}` });
    // Byte for byte as sent, in the stored row as well.
    const row = await db().user.findUniqueOrThrow({ where: { id: user.userId }, select: { firstName: true } });
    expect(Buffer.from(row.firstName ?? "").equals(Buffer.from(ZOE))).toBe(true);
  });

  it("still refuses a bidi override or a stray joiner beside them", async () => {
    const user = await signUp();
    for (const name of [`${ZOE}\u202e`, `${ZOE}\u200d`, `${SCOTLAND.slice(0, -2)}`]) {
      const res = await api("PATCH", "/api/auth/profile", { token: user.access, json: { name } });
      expect(res.status, JSON.stringify(name)).toBe(422);
      expect(res.body.errors.name).toBeDefined();
    }
  });
});

describe("PATCH /api/auth/profile: email change", () => {
  it("needs a step-up window: 403 reauthentication_required without one, and nothing is sent", async () => {
    const user = await signUp();
    const newEmail = uniqueEmail("new");
    const res = await api("PATCH", "/api/auth/profile", { token: user.access, json: { email: newEmail } });
    expectProblem(res, 403, "reauthentication_required");
    expect(await emailsTo(newEmail)).toHaveLength(0);
  });

  it("refuses once the window has closed", async () => {
    const user = await signUp();
    await stepUp(user);
    await db().authSession.updateMany({ where: { userId: user.userId }, data: { stepUpUntil: new Date(Date.now() - 1000) } });
    const res = await api("PATCH", "/api/auth/profile", { token: user.access, json: { email: uniqueEmail("new") } });
    expectProblem(res, 403, "reauthentication_required");
  });

  it("keeps the old address until the new one confirms with its code, and tells the old address", async () => {
    const user = await signUp();
    const newEmail = uniqueEmail("new");
    const res = await requestEmailChange(user, newEmail);
    expect(res.body.email).toBe(user.email);
    expect((await api("GET", "/api/auth/profile", { token: user.access })).body.email).toBe(user.email);

    const notice = await latestEmailTo(user.email);
    expect(notice.subject).toMatch(/change of your email/i);
    expect(notice.text).toContain(newEmail);
    const confirmation = await latestEmailTo(newEmail);
    const code = codeIn(confirmation);
    expect(code).toMatch(/^\d{6}$/);

    // Until confirmed, the old address still signs in and the new one does not.
    await signIn(user.email);
    expect((await api("POST", "/api/auth/login", { json: { email: newEmail, password: PASSWORD } })).status).toBe(401);

    const confirmed = await api("POST", "/api/auth/confirm-account", { json: { email: newEmail, code } });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect((await api("GET", "/api/auth/profile", { token: user.access })).body).toMatchObject({ email: newEmail, emailVerified: true });
    await signIn(newEmail);
    expect((await api("POST", "/api/auth/login", { json: { email: user.email, password: PASSWORD } })).status).toBe(401);

    const events = await db().auditEvent.findMany({ where: { organizationId: user.organizationId, type: "email.changed" } });
    expect(events).toHaveLength(1);
  });

  it("can be confirmed with the link's token instead", async () => {
    const user = await signUp();
    const newEmail = uniqueEmail("new");
    await requestEmailChange(user, newEmail);
    const token = linkTokenIn(await latestEmailTo(newEmail), "/api/auth/verify-email/");
    expect(token).toBeTruthy();
    expect((await api("POST", "/api/auth/confirm-account", { json: { token } })).status).toBe(200);
    expect((await api("GET", "/api/auth/profile", { token: user.access })).body.email).toBe(newEmail);
  });

  it("accepts the current password in the body instead of a window, and refuses a wrong one", async () => {
    const user = await signUp();
    const newEmail = uniqueEmail("new");
    const wrong = await api("PATCH", "/api/auth/profile", {
      token: user.access,
      json: { email: newEmail, currentPassword: "Wrong-Horse-99" },
    });
    expectProblem(wrong, 403, "incorrect_password");
    expect(await emailsTo(newEmail)).toHaveLength(0);
    const ok = await api("PATCH", "/api/auth/profile", { token: user.access, json: { email: newEmail, currentPassword: PASSWORD } });
    expect(ok.status, ok.text).toBe(200);
    expect(codeIn(await latestEmailTo(newEmail))).toMatch(/^\d{6}$/);
  });

  it("answers 409 conflict for an address another account uses, and applies nothing", async () => {
    const user = await signUp({ name: "Before" });
    const other = await signUp();
    await stepUp(user);
    const res = await api("PATCH", "/api/auth/profile", { token: user.access, json: { name: "After", email: other.email.toUpperCase() } });
    expectProblem(res, 409, "conflict");
    expect((await api("GET", "/api/auth/profile", { token: user.access })).body).toMatchObject({ name: "Before", email: user.email });
  });

  it("treats the current address as no change: no window needed, nothing sent", async () => {
    const user = await signUp();
    const before = (await emailsTo(user.email)).length;
    const res = await api("PATCH", "/api/auth/profile", {
      token: user.access,
      json: { email: user.email.toUpperCase(), name: "Same Mail" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email: user.email, name: "Same Mail" });
    expect(await emailsTo(user.email)).toHaveLength(before);
  });

  it("refuses the confirmation when another account took the address meanwhile", async () => {
    const user = await signUp();
    const newEmail = uniqueEmail("race");
    await requestEmailChange(user, newEmail);
    const code = codeIn(await latestEmailTo(newEmail));
    await signUp({ email: newEmail });
    const res = await api("POST", "/api/auth/confirm-account", { json: { email: newEmail, code } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect((await api("GET", "/api/auth/profile", { token: user.access })).body.email).toBe(user.email);
  });

  it("is cancelled by a password reset, which may be the owner stopping an intruder", async () => {
    const user = await signUp();
    const newEmail = uniqueEmail("intruder");
    await requestEmailChange(user, newEmail);
    const code = codeIn(await latestEmailTo(newEmail));
    const since = new Date();
    await api("POST", "/api/auth/forgot-password", { json: { email: user.email } });
    const token = linkTokenIn(await latestEmailTo(user.email, { after: since, subject: /reset your password/i }), "/reset-password/");
    expect((await api("POST", "/api/auth/reset-password", { json: { token, password: "Violet-Harbor-Lantern-7" } })).status).toBe(200);
    const res = await api("POST", "/api/auth/confirm-account", { json: { email: newEmail, code } });
    expect(res.status).toBe(400);
    expect(await db().user.findUnique({ where: { id: user.userId }, select: { email: true } })).toEqual({ email: user.email });
  });
});

describe("GET /api/auth/exist-email/{email}", () => {
  it("answers { exists } case-insensitively", async () => {
    const user = await signUp();
    const known = await api("GET", `/api/auth/exist-email/${encodeURIComponent(user.email.toUpperCase())}`);
    expect(known.status).toBe(200);
    expect(known.body).toEqual({ exists: true });
    const unknown = await api("GET", `/api/auth/exist-email/${encodeURIComponent(uniqueEmail())}`);
    expect(unknown.body).toEqual({ exists: false });
    const bad = await api("GET", "/api/auth/exist-email/not-an-email");
    expect(bad.status).toBe(422);
    expect((await api("POST", `/api/auth/exist-email/${encodeURIComponent(user.email)}`)).status).toBe(405);
  });

  it("is rate limited per client", async () => {
    const headers = { "x-forwarded-for": "198.51.100.23" };
    for (let i = 0; i < 30; i++) expect((await api("GET", `/api/auth/exist-email/${uniqueEmail()}`, { headers })).status).toBe(200);
    const limited = await api("GET", `/api/auth/exist-email/${uniqueEmail()}`, { headers });
    expectProblem(limited, 429, "rate_limited");
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    // Another client is not affected.
    expect((await api("GET", `/api/auth/exist-email/${uniqueEmail()}`)).status).toBe(200);
  });
});
