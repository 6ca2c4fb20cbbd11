import "server-only";
import type { Provider } from "next-auth/providers";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { organizationForNewSession } from "@/lib/accounts/login";
import { beginSignIn, mfaRequired } from "@/lib/mfa/gate";
import { hasSecondFactor } from "@/lib/mfa/factors";
import { displayName } from "@/lib/accounts/profile";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { createOrganizationWithOwner } from "@/lib/organizations/create";
import { revokeSession, revokeUserSessions } from "./sessions";

// OAuth sign-in (GitHub, Google) through Auth.js. A provider is on when its client id and secret
// are set. Rules:
// - only an address the provider says is verified is accepted, and only such an address links
//   to an existing account (Auth.js's own linking refuses all; ours refuses the unverified);
// - linking to an account whose address was never confirmed wipes its password and sessions:
//   whoever registered it may have been an attacker waiting for the real owner (pre-hijacking);
// - a new person gets a confirmed account and a default organization, like a sign-up;
// - the provider's access tokens are not stored: we only need to know who signed in.

export const OAUTH_PROVIDERS = [
  { id: "github", name: "GitHub" },
  { id: "google", name: "Google" },
] as const;

interface GitHubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

function github(): Provider | null {
  const clientId = process.env.AUTH_GITHUB_ID;
  const clientSecret = process.env.AUTH_GITHUB_SECRET;
  if (!clientId || !clientSecret) return null;
  // GitHub Enterprise, or the local stand-in the end-to-end tests use.
  const enterprise = process.env.AUTH_GITHUB_ENTERPRISE_URL;
  const api = enterprise ? `${enterprise}/api/v3` : "https://api.github.com";
  return GitHub({
    clientId,
    clientSecret,
    ...(enterprise ? { enterprise: { baseUrl: enterprise } } : {}),
    allowDangerousEmailAccountLinking: true, // decided in allowOAuthSignIn below
    account: () => ({}),
    userinfo: {
      url: `${api}/user`,
      // /user's public email carries no verification flag: read the primary address from /user/emails.
      async request({ tokens }: { tokens: { access_token?: string } }) {
        const headers = { authorization: `Bearer ${tokens.access_token}`, "user-agent": "keystone-auth" };
        const profile = (await (await fetch(`${api}/user`, { headers })).json()) as Record<string, unknown>;
        const emails = (await (await fetch(`${api}/user/emails`, { headers })).json()) as GitHubEmail[];
        const primary = Array.isArray(emails) ? (emails.find((e) => e.primary) ?? emails[0]) : undefined;
        return { ...profile, email: primary?.email ?? null, email_verified: primary?.verified === true };
      },
    },
  });
}

function google(): Provider | null {
  const clientId = process.env.AUTH_GOOGLE_ID;
  const clientSecret = process.env.AUTH_GOOGLE_SECRET;
  if (!clientId || !clientSecret) return null;
  return Google({ clientId, clientSecret, allowDangerousEmailAccountLinking: true, account: () => ({}) });
}

export const oauthProviders = (): Provider[] => [github(), google()].filter((p): p is Provider => p !== null);

export const enabledOAuthProviders = () =>
  OAUTH_PROVIDERS.filter((p) => (p.id === "github" ? process.env.AUTH_GITHUB_ID : process.env.AUTH_GOOGLE_ID));

/**
 * Auth.js signIn callback for OAuth: true to go on, or the login page with an error to stop.
 * Runs before Auth.js links or creates anything.
 */
export async function allowOAuthSignIn(profile: { email?: string | null; email_verified?: unknown } | undefined): Promise<true | string> {
  const email = profile?.email?.trim().toLowerCase();
  if (!email || profile?.email_verified !== true) return "/login?error=oauth_unverified_email";
  const existing = await db().user.findUnique({ where: { email }, select: { id: true, emailVerified: true } });
  if (existing && !existing.emailVerified) {
    await db().$transaction(async (tx) => {
      await tx.user.update({ where: { id: existing.id }, data: { emailVerified: new Date(), passwordHash: null } });
      await revokeUserSessions(tx, existing.id, "oauth_claimed_unconfirmed_account");
      // A second factor set up before the address was ever proven is the squatter's, not the
      // mailbox owner's: it would lock the owner out (or let the squatter finish sign-ins).
      await tx.totpFactor.deleteMany({ where: { userId: existing.id } });
      await tx.recoveryCode.deleteMany({ where: { userId: existing.id } });
    });
  }
  return true;
}

/**
 * Auth.js signIn callback, after allowOAuthSignIn: when the person behind the provider account
 * (or, not yet linked, behind the verified address) has a second factor, the provider is only
 * the first factor. Returns the mfaToken of the pending sign-in, or null when none is owed.
 */
export async function oauthSecondStep(
  account: { provider: string; providerAccountId: string },
  profile: { email?: string | null } | undefined,
  client: ClientInfo,
): Promise<string | null> {
  const linked = await db().account.findUnique({
    where: { provider_providerAccountId: { provider: account.provider, providerAccountId: account.providerAccountId } },
    select: { userId: true },
  });
  const email = profile?.email?.trim().toLowerCase();
  const userId = linked?.userId ?? (email ? (await db().user.findUnique({ where: { email }, select: { id: true } }))?.id : undefined);
  if (!userId || !(await hasSecondFactor(userId))) return null;
  const organizationId = await organizationForNewSession(userId);
  const outcome = await beginSignIn({ userId, organizationId, client, via: account.provider, firstFactor: "fed" });
  if (outcome.kind === "second_factor_required") return outcome.mfaToken;
  // The factor was removed in between: that session is not the one Auth.js will open.
  await revokeSession(db(), outcome.sessionId, "superseded");
  return null;
}

/** Auth.js createUser event: the provider verified the address; give them a default organization. */
export async function setUpOAuthUser(userId: string) {
  await db().$transaction(async (tx) => {
    const user = await tx.user.update({
      where: { id: userId },
      data: { emailVerified: new Date() },
      select: { id: true, email: true, name: true, firstName: true, lastName: true },
    });
    await createOrganizationWithOwner(tx, { name: `${displayName(user)}'s Organization`, ownerId: user.id });
  });
}

/** Opens our server-side session for an OAuth sign-in; the browser cookie will carry its id. */
export async function startOAuthSession(userId: string, provider: string, client: ClientInfo): Promise<string> {
  const organizationId = await organizationForNewSession(userId);
  const outcome = await beginSignIn({ userId, organizationId, client, via: provider, firstFactor: "fed" });
  // TODO(mfa browser step): hand the mfaToken to the sign-in page's second step.
  if (outcome.kind === "second_factor_required") throw mfaRequired(outcome);
  return outcome.sessionId;
}
