// The OAuth linking rules, next to the data: only a provider-verified address gets in, and
// claiming a never-confirmed local account through OAuth takes it away from whoever registered it.
import { describe, expect, it } from "vitest";
import { allowOAuthSignIn, setUpOAuthUser } from "@/lib/auth/oauth";
import { db } from "@/lib/db/client";
import { api } from "../support/api";
import { PASSWORD, registerUser, signUp, uniqueEmail } from "../support/accounts";

describe("OAuth sign-in rules", () => {
  it("refuses an address the provider has not verified", async () => {
    const user = await signUp();
    expect(await allowOAuthSignIn({ email: user.email, email_verified: false })).toBe("/login?error=oauth_unverified_email");
    expect(await allowOAuthSignIn({ email: user.email })).toBe("/login?error=oauth_unverified_email");
    expect(await allowOAuthSignIn({ email: null, email_verified: true })).toBe("/login?error=oauth_unverified_email");
  });

  it("lets a verified address into its confirmed account untouched", async () => {
    const user = await signUp();
    expect(await allowOAuthSignIn({ email: user.email.toUpperCase(), email_verified: true })).toBe(true);
    expect((await api("POST", "/api/auth/login", { json: { email: user.email, password: PASSWORD } })).status).toBe(200);
  });

  it("takes a never-confirmed account away from whoever registered it", async () => {
    const { email } = await registerUser(); // e.g. an attacker registering the victim's address first
    expect(await allowOAuthSignIn({ email, email_verified: true })).toBe(true);
    const row = await db().user.findUniqueOrThrow({ where: { email }, omit: { passwordHash: false } });
    expect(row.passwordHash).toBeNull();
    expect(row.emailVerified).not.toBeNull();
    expect((await api("POST", "/api/auth/login", { json: { email, password: PASSWORD } })).status).toBe(401);
  });

  it("sets a newcomer up with a confirmed address and a default organization", async () => {
    const user = await db().user.create({ data: { email: uniqueEmail("oauth"), name: "Katherine Johnson" } });
    await setUpOAuthUser(user.id);
    const after = await db().user.findUniqueOrThrow({ where: { id: user.id }, include: { memberships: { include: { organization: true } } } });
    expect(after.emailVerified).not.toBeNull();
    expect(after.memberships).toMatchObject([{ role: "owner", organization: { name: "Katherine Johnson's Organization" } }]);
  });
});
