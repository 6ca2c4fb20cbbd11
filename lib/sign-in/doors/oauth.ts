import "server-only";
import { enforcingOrganizationForEmail } from "@/lib/db/statements/sso";
import type { Provider } from "next-auth/providers";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { organizationForNewSession } from "../organization";
import { beginSignIn, mfaRequired, requireEnabledAccount, requireEnabledAccountIn } from "@/lib/sign-in/gate";
import { hasSecondFactor } from "@/lib/mfa/factors";
import { dropWhatAnEarlierRegistrantMade } from "@/lib/accounts/discard-account";
import { displayName } from "@/lib/accounts/profile";
import { db } from "@/lib/db/client";
import { clientInfo, type ClientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { createOrganizationWithOwner } from "@/lib/organizations/create";
import { liveBrowserSession } from "@/lib/auth/browser-session";
import { linkProviderAccount } from "@/lib/auth/linked-accounts";
import { linkIntentFrom, type LinkIntent } from "@/lib/auth/oauth-link-intent";
import { revokeSession, revokeUserSessions } from "@/lib/sessions/end";

// OAuth sign-in (GitHub, Google) through Auth.js. A provider is on when its client id and secret
// are set. Rules:
// - only an address the provider says is verified is accepted, and only such an address links
//   to an existing account by address (Auth.js's own linking refuses all; ours refuses the
//   unverified);
// - a provider is linked to a signed-in account only when that account's live session asked for
//   it from the profile page within its step-up window (decideOAuthSignIn), never because a
//   browser still holds a cookie;
// - linking to an account whose address was never confirmed takes everything its registrant set
//   away: whoever registered it may have been an attacker waiting for the real owner;
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
  // Another OpenID Connect issuer speaking Google's protocol: the local stand-in of the e2e tests.
  const issuer = process.env.AUTH_GOOGLE_ISSUER;
  return Google({
    clientId,
    clientSecret,
    ...(issuer ? { issuer } : {}),
    allowDangerousEmailAccountLinking: true, // decided in decideOAuthSignIn
    account: () => ({}),
  });
}

export const oauthProviders = (): Provider[] => [github(), google()].filter((p): p is Provider => p !== null);

export const enabledOAuthProviders = () =>
  OAUTH_PROVIDERS.filter((p) => (p.id === "github" ? process.env.AUTH_GITHUB_ID : process.env.AUTH_GOOGLE_ID));

export interface OAuthAttempt {
  provider: string;
  providerAccountId: string;
  type: string;
  profile: { email?: string | null; email_verified?: unknown; login?: unknown } | undefined;
}

/** What the OAuth callback may do: go on (into `sessionId` when it linked to a live session), or stop at `redirect`. */
export type OAuthDecision = { allow: true; linkedSessionId?: string } | { allow: false; redirect: string };

const refuse = (redirect: string): OAuthDecision => ({ allow: false, redirect });
const profileLink = (code: string) => `/profile?linkError=${code}`;

/** How the notice names the provider account: its address, else its login. */
export const providerAccountLabel = (profile: OAuthAttempt["profile"]) =>
  profile?.email?.trim().toLowerCase() || (typeof profile?.login === "string" ? profile.login : undefined);

/**
 * The Auth.js signIn callback for OAuth, run before Auth.js links or creates anything. Auth.js
 * never sees who the browser is signed in as (auth.ts strips the user id from the cookie it
 * reads), so the only links made are:
 * - the one a live session asked for from its profile page (a signed link intent, the session
 *   still active and inside its step-up window), made here;
 * - a provider account already linked: it signs in to its own account;
 * - otherwise a provider-verified address: it signs in to the account with that address (Auth.js
 *   links it), or creates one.
 */
export async function decideOAuthSignIn(attempt: OAuthAttempt, request: Request): Promise<OAuthDecision> {
  const email = attempt.profile?.email?.trim().toLowerCase();
  const verified = Boolean(email) && attempt.profile?.email_verified === true;
  const intent = linkIntentFrom(request);
  if (intent && intent.provider === attempt.provider) {
    if (!verified) return refuse(profileLink("oauth_unverified_email"));
    return linkToSignedInUser(attempt, intent, request);
  }
  if (!verified) return refuse("/login?error=oauth_unverified_email");
  // Enforced SSO: the address's organization signs its people in through its IdP, newcomers too
  // (Auth.js would otherwise create the account before the gate could say no).
  const enforcing = await enforcingOrganizationForEmail(email!);
  if (enforcing) return refuse(`/sso?organization=${encodeURIComponent(enforcing)}`);
  const linked = await db().account.findUnique({
    where: { provider_providerAccountId: { provider: attempt.provider, providerAccountId: attempt.providerAccountId } },
    select: { userId: true },
  });
  const existing = linked ? null : await db().user.findUnique({ where: { email }, select: { id: true, emailVerified: true } });
  const userId = linked?.userId ?? existing?.id;
  if (!userId) return { allow: true }; // a newcomer: Auth.js creates the account
  // Asked here, before Auth.js links or signs in anything: a disabled account gets no session, no
  // new link (nor its notice), and a never-confirmed one keeps what the admin disabled.
  return refusingDisabled(async () => {
    await requireEnabledAccount(userId);
    if (existing && !existing.emailVerified) await forgetEarlierRegistrant(existing.id);
  });
}

/** Runs the gate's checks for an OAuth sign-in; a disabled account goes back to the sign-in page, told why. */
async function refusingDisabled(checks: () => Promise<void>): Promise<OAuthDecision> {
  try {
    await checks();
    return { allow: true };
  } catch (error) {
    if (error instanceof ApiError && error.code === "account_disabled") return refuse("/login?error=account_disabled");
    throw error;
  }
}

async function linkToSignedInUser(attempt: OAuthAttempt, intent: LinkIntent, request: Request): Promise<OAuthDecision> {
  const principal = await liveBrowserSession(request);
  // The session that asked has ended (logout, revocation, password change or reset): nothing
  // is linked, and the dead cookie is cleared on the way to the sign-in page.
  if (!principal) return refuse(`/session-ended?callbackUrl=${encodeURIComponent("/profile")}`);
  if (principal.sessionId !== intent.sid || principal.userId !== intent.uid) return refuse(profileLink("reauthentication_required"));
  if (!principal.stepUpUntil || principal.stepUpUntil <= new Date()) return refuse(profileLink("reauthentication_required"));
  // Checked again at the callback: the session may have fallen to aal1 (a factor removed) since "Connect".
  if (principal.aal !== "aal2" && (await hasSecondFactor(principal.userId))) return refuse(profileLink("mfa_required"));
  try {
    await linkProviderAccount(
      principal.userId,
      { provider: attempt.provider, providerAccountId: attempt.providerAccountId, type: attempt.type },
      clientInfo(request),
      providerAccountLabel(attempt.profile),
    );
  } catch (error) {
    if (error instanceof ApiError && error.code === "conflict") return refuse(profileLink("oauth_account_in_use"));
    throw error;
  }
  return { allow: true, linkedSessionId: principal.sessionId };
}

/**
 * The provider proved this address before its account was ever confirmed: whoever registered it
 * may have been an attacker waiting for the real owner (pre-hijacking). Nothing they set that
 * lets them in survives: password, sessions (and their refresh tokens), other connected
 * providers, API keys they made, pending codes and links, invitations they sent.
 */
async function forgetEarlierRegistrant(userId: string) {
  await db().$transaction(async (tx) => {
    await requireEnabledAccountIn(tx, userId); // an admin's disable that committed meanwhile
    const now = new Date();
    await tx.user.update({ where: { id: userId }, data: { emailVerified: now, passwordHash: null, passwordChangedAt: now } });
    await revokeUserSessions(tx, userId, "oauth_claimed_unconfirmed_account");
    await tx.oneTimeToken.updateMany({ where: { userId, consumedAt: null }, data: { consumedAt: now } });
    await dropWhatAnEarlierRegistrantMade(tx, userId);
  });
}

/**
 * After decideOAuthSignIn allowed a sign-in: when the person behind the provider account (or, not
 * yet linked, behind the verified address) has a second factor, the provider is only the first
 * factor. Returns the mfaToken of the pending sign-in, or null when none is owed.
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
  // auth.ts's signIn callback sent an account with a second factor to its second step
  // (oauthSecondStep) before Auth.js got here; one added in between still opens no session.
  if (outcome.kind === "second_factor_required") throw mfaRequired(outcome);
  return outcome.sessionId;
}
