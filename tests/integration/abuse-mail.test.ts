// Mail abuse (issue 12, item 9): one account made 30 organizations and sent 90 invitations to one
// address in 2.7 s, each subject carrying a "Security Alert" it chose; 20 sign-ups as x+1@… to
// x+20@… delivered 20 confirmation mails to one mailbox; names carried bidi overrides and line
// separators. Limits now hold per recipient mailbox, per inviter, per client and per person
// creating organizations; subjects are fixed; names are plain text.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LIMITS } from "@/lib/security/rate-limit";
import { api } from "../support/api";
import { signUp, uniqueEmail, type SignedIn } from "../support/accounts";
import { emailsTo, latestEmailTo } from "../support/mail";

const createOrganization = (user: SignedIn, name: string) => api("POST", "/api/organizations", { token: user.access, json: { name } });
const inviteTo = (user: SignedIn, organizationId: string, email: string, ip?: string) =>
  api("POST", `/api/organizations/${organizationId}/invitations`, {
    token: user.access,
    json: { email, role: "member" },
    headers: ip ? { "x-forwarded-for": ip } : {},
  });

/** Organizations owned by `user`: the default one plus `extra` more. */
async function organizationsOf(user: SignedIn, extra: number): Promise<string[]> {
  const ids = [user.organizationId];
  for (let i = 0; i < extra; i++) {
    const res = await createOrganization(user, `Extra ${i}`);
    expect(res.status, res.text).toBe(201);
    ids.push(res.body.id);
  }
  return ids;
}

const tagged = (mailbox: string, i: number) => mailbox.replace("@", `+${i}@`);
async function mailsAcross(addresses: string[]) {
  return (await Promise.all(addresses.map((a) => emailsTo(a)))).flat();
}

describe("organizations per person", () => {
  it("one account cannot create organizations without end", async () => {
    const user = await signUp();
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.organizationsPerUser.points + 2; i++) statuses.push((await createOrganization(user, `Org ${i}`)).status);
    expect(statuses.slice(0, LIMITS.organizationsPerUser.points).every((s) => s === 201)).toBe(true);
    expect(statuses.slice(LIMITS.organizationsPerUser.points)).toEqual([429, 429]);
  });
});

describe("invitations", () => {
  it("reach one mailbox at most a few times an hour, whatever the organization or +tag", async () => {
    const sender = await signUp();
    const organizations = await organizationsOf(sender, 3);
    const mailbox = uniqueEmail("target");
    const addresses = Array.from({ length: 12 }, (_, i) => tagged(mailbox, i));
    const statuses: number[] = [];
    for (const [i, address] of addresses.entries())
      statuses.push((await inviteTo(sender, organizations[i % organizations.length]!, address)).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(LIMITS.invitationsPerRecipient.points);
    expect(statuses.slice(LIMITS.invitationsPerRecipient.points).every((s) => s === 429)).toBe(true);
    expect(await mailsAcross(addresses)).toHaveLength(LIMITS.invitationsPerRecipient.points);
  });

  it("are limited per inviter across all their organizations", async () => {
    const sender = await signUp();
    const organizations = await organizationsOf(sender, 1);
    const perInviter = LIMITS.invitationsPerInviter.points;
    const statuses: number[] = [];
    // Spread over two organizations, each stays under its own allowance.
    for (let i = 0; i <= perInviter; i++) statuses.push((await inviteTo(sender, organizations[i % 2]!, uniqueEmail("spread"))).status);
    expect(statuses.slice(0, perInviter).every((s) => s === 201)).toBe(true);
    expect(statuses[perInviter]).toBe(429);
  });

  it("are limited per client address across inviters", async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 200) + 20}`;
    const senders = await Promise.all([signUp(), signUp(), signUp()]);
    const perClient = LIMITS.invitationsPerClient.points;
    const statuses: number[] = [];
    for (let i = 0; i <= perClient; i++) {
      const sender = senders[i % senders.length]!;
      statuses.push((await inviteTo(sender, sender.organizationId, uniqueEmail("client"), ip)).status);
    }
    expect(statuses.slice(0, perClient).every((s) => s === 201)).toBe(true);
    expect(statuses[perClient]).toBe(429);
  });

  it("have a fixed subject: an organization's name never reaches it", async () => {
    const lure = "Security Alert 0: account locked - call +1-555-0100 or visit evil.example";
    const sender = await signUp({ organizationName: lure });
    const email = uniqueEmail("lured");
    expect((await inviteTo(sender, sender.organizationId, email)).status).toBe(201);
    const message = await latestEmailTo(email);
    expect(message.subject).toBe("You're invited to join an organization");
    expect(message.html).not.toMatch(/<title>[^<]*Security Alert/);
  });
});

describe("confirmation mail to one mailbox", () => {
  it("x+1@ … x+20@ share one allowance", async () => {
    const mailbox = uniqueEmail("plus");
    const addresses = Array.from({ length: 20 }, (_, i) => tagged(mailbox, i));
    const statuses: number[] = [];
    for (const email of addresses) {
      statuses.push(
        (await api("POST", "/api/auth/register", { json: { email, password: "Correct-Horse-42", name: "Payroll Notice" } })).status,
      );
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(LIMITS.registerPerEmail.points);
    expect(await mailsAcross(addresses)).toHaveLength(LIMITS.registerPerEmail.points);
  });

  it("Gmail addresses that differ only in dots share one allowance", async () => {
    const local = `dots${randomUUID().slice(0, 6)}`;
    const addresses = Array.from(
      { length: 7 },
      (_, i) => `${local.slice(0, i + 1)}.${local.slice(i + 1)}@${i % 2 ? "gmail.com" : "googlemail.com"}`,
    );
    const statuses: number[] = [];
    for (const email of addresses) statuses.push((await api("POST", "/api/auth/forgot-password", { json: { email } })).status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(LIMITS.forgotPasswordPerEmail.points);
    expect(statuses.filter((s) => s === 429)).toHaveLength(addresses.length - LIMITS.forgotPasswordPerEmail.points);
  });
});

describe("names that pose as something else", () => {
  const posing = ["Acme \u202eelgoog", "Acme\u2028Security Alert: call now", "Acme\u0085Payroll", "Ac\u200bme"];

  it.each(posing)("are refused for organizations, people and sign-ups: %j", async (name) => {
    const user = await signUp();
    const org = await createOrganization(user, name);
    expect(org.status).toBe(422);
    expect(org.body.errors.name).toBeDefined();
    const profile = await api("PATCH", "/api/auth/profile", { token: user.access, json: { name } });
    expect(profile.status).toBe(422);
    const signup = await api("POST", "/api/auth/register", {
      json: { email: uniqueEmail(), password: "Correct-Horse-42", name: "Ada", organizationName: name },
    });
    expect(signup.status).toBe(422);
    expect(signup.body.errors.organizationName).toBeDefined();
  });
});
