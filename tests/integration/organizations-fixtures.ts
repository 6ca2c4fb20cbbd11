// Builders for the organization suites: an organization with a person in each role and an API
// key, created through the public API only (no database shortcuts), so the fixtures exercise the
// same paths a client would.
import { expect } from "vitest";
import { api } from "../support/api";
import { PASSWORD, signIn, signUp, uniqueEmail, type SignedIn } from "../support/accounts";
import { latestEmailTo, linkTokenIn } from "../support/mail";

export type RoleName = "owner" | "admin" | "member";

/** Opens the 10-minute step-up window on the token's session, as a client would. */
export async function stepUp(user: { access: string; password?: string }) {
  const res = await api("POST", "/api/auth/check-password", { token: user.access, json: { password: user.password ?? PASSWORD } });
  expect(res.status, res.text).toBe(200);
}

/** Invites `email` into the organization and returns the link token from the email. */
export async function invite(by: SignedIn, organizationId: string, email: string, role: RoleName) {
  const res = await api("POST", `/api/organizations/${organizationId}/invitations`, { token: by.access, json: { email, role } });
  expect(res.status, res.text).toBe(201);
  const token = linkTokenIn(await latestEmailTo(email), "/invitations/");
  expect(token).toBeTruthy();
  return { invitation: res.body, token: token! };
}

/** A confirmed user who joins `organizationId` with `role` through an invitation, then signs in there. */
export async function addMember(owner: SignedIn, organizationId: string, role: RoleName, label: string = role): Promise<SignedIn> {
  const user = await signUp({ email: uniqueEmail(label) });
  const { token } = await invite(owner, organizationId, user.email, role);
  const accepted = await api("POST", `/api/invitations/${token}/accept`, { token: user.access });
  expect(accepted.status, accepted.text).toBe(200);
  const res = await api("POST", "/api/auth/login", { json: { email: user.email, password: PASSWORD, organizationId } });
  expect(res.status, res.text).toBe(200);
  return { ...user, organizationId, access: res.body.access_token, refresh: res.body.refresh_token, body: res.body };
}

export async function createKey(owner: SignedIn, organizationId: string, body: Record<string, unknown> = { name: "ci" }) {
  await stepUp(owner);
  const res = await api("POST", `/api/organizations/${organizationId}/api-keys`, { token: owner.access, json: body });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; key: string; prefix: string; permissions: { resource: string; action: string }[] };
}

export interface OrgFixture {
  id: string;
  slug: string;
  name: string;
  owner: SignedIn;
  admin: SignedIn;
  member: SignedIn;
  apiKey: { id: string; key: string };
  /** A pending invitation (for the revoke endpoints). */
  invitationId: string;
}

/** One organization with an owner, an admin, a member, an all-permissions API key and a pending invitation. */
export async function orgWithEveryRole(label: string): Promise<OrgFixture> {
  const owner = await signUp({
    email: uniqueEmail(`${label}-owner`),
    organizationName: `${label} Org ${Math.random().toString(36).slice(2, 8)}`,
  });
  const org = await api("GET", `/api/organizations/${owner.organizationId}`, { token: owner.access });
  expect(org.status, org.text).toBe(200);
  const admin = await addMember(owner, owner.organizationId, "admin", `${label}-admin`);
  const member = await addMember(owner, owner.organizationId, "member", `${label}-member`);
  const apiKey = await createKey(owner, owner.organizationId, { name: `${label} key` });
  const { invitation } = await invite(owner, owner.organizationId, uniqueEmail(`${label}-pending`), "member");
  return { id: org.body.id, slug: org.body.slug, name: org.body.name, owner, admin, member, apiKey, invitationId: invitation.id };
}

/** Call options for a caller: a person's token or an API key. */
export const as = (caller: SignedIn | { key: string }) => ("key" in caller ? { apiKey: caller.key } : { token: caller.access });

export { signIn };
