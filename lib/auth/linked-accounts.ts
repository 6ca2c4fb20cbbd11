import "server-only";
import { createElement } from "react";
import SignInMethodNotice from "@/emails/sign-in-method-notice";
import { displayName } from "@/lib/accounts/profile";
import { emitToMemberships } from "@/lib/events/emit";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError, notFound } from "@/lib/http/errors";
import { log } from "@/lib/log";
import { sendEmail } from "@/lib/mail/send";
import { requireSignInMethodChangeRights } from "@/lib/mfa/factor-changes";
import { lockUser as lockUserRow } from "@/lib/db/statements/locks";
import type { Principal } from "./principal";

type UserPrincipal = Extract<Principal, { kind: "user" }>;

// The OAuth accounts (GitHub, Google) connected to a person: each one is a way in, so every
// connection and removal is audited and announced to the account's address, and the last way in
// of an account without a password cannot be removed.

export const PROVIDER_NAMES: Record<string, string> = { github: "GitHub", google: "Google" };
const providerName = (provider: string) => PROVIDER_NAMES[provider] ?? provider;

export interface ProviderAccount {
  provider: string;
  providerAccountId: string;
  type: string;
}

export async function listLinkedAccounts(userId: string): Promise<{ provider: string; name: string }[]> {
  const rows = await db().account.findMany({ where: { userId }, select: { provider: true }, orderBy: { provider: "asc" } });
  return rows.map((r) => ({ provider: r.provider, name: providerName(r.provider) }));
}

/**
 * Connects a provider account to `userId` (the explicit "Connect" on the profile page, after the
 * caller checked the session and its step-up window). Already connected to this user: nothing to
 * do. Connected to someone else, or the user already has another account of this provider: 409.
 */
export async function linkProviderAccount(
  userId: string,
  account: ProviderAccount,
  client: ClientInfo,
  providerAccountLabel?: string,
): Promise<{ linked: boolean }> {
  const linked = await db().$transaction(async (tx) => {
    const existing = await tx.account.findUnique({
      where: { provider_providerAccountId: { provider: account.provider, providerAccountId: account.providerAccountId } },
      select: { userId: true },
    });
    if (existing?.userId === userId) return false;
    if (existing) throw new ApiError("conflict", `That ${providerName(account.provider)} account is already connected to another account.`);
    const sameProvider = await tx.account.count({ where: { userId, provider: account.provider } });
    if (sameProvider > 0)
      throw new ApiError("conflict", `Another ${providerName(account.provider)} account is already connected; remove it first.`);
    // A concurrent link of the same provider account fails here on the unique index (→ 409).
    await tx.account.create({ data: { userId, ...account } });
    await emitToMemberships(tx, userId, { type: "oauth.linked", client, metadata: { provider: account.provider, via: "profile" } });
    return true;
  });
  if (linked) await sendSignInMethodNotice(userId, account.provider, "connected", providerAccountLabel);
  return { linked };
}

/**
 * Auth.js linked a provider by its verified address (a sign-in with no session): audit it and
 * tell the owner, like a link made from the profile.
 */
export async function recordEmailLink(userId: string, provider: string, client: ClientInfo, providerAccountLabel?: string) {
  await db().$transaction((tx) =>
    emitToMemberships(tx, userId, { type: "oauth.linked", client, metadata: { provider, via: "verified_email" } }),
  );
  await sendSignInMethodNotice(userId, provider, "connected", providerAccountLabel);
}

/**
 * Removes a connected provider, unless it is the last way in of an account without a password.
 * Like connecting one, it needs the step-up window and, with a factor on, a session that used it:
 * otherwise a password-only session could strip the owner's ways in.
 */
export async function unlinkProvider(principal: UserPrincipal, provider: string, client: ClientInfo): Promise<void> {
  await requireSignInMethodChangeRights(principal);
  const { userId } = principal;
  await db().$transaction(async (tx) => {
    // Serialises changes to one person's sign-in methods (two removals at once must not both pass).
    await lockUserRow(tx, userId);
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
    const accounts = await tx.account.findMany({ where: { userId }, select: { id: true, provider: true } });
    const removing = accounts.filter((a) => a.provider === provider);
    if (removing.length === 0) throw notFound(`${providerName(provider)} is not connected to your account.`);
    if (!user.passwordHash && accounts.length === removing.length) {
      throw new ApiError(
        "conflict",
        `${providerName(provider)} is your only way to sign in. Set a password first (Forgot password on the sign-in page), or connect another provider.`,
      );
    }
    await tx.account.deleteMany({ where: { id: { in: removing.map((a) => a.id) } } });
    await emitToMemberships(tx, userId, { type: "oauth.unlinked", client, metadata: { provider } });
  });
  await sendSignInMethodNotice(userId, provider, "removed");
}

/** A notice after the change is committed: a failure is logged, never turned into an error. */
async function sendSignInMethodNotice(userId: string, provider: string, change: "connected" | "removed", providerAccount?: string) {
  try {
    const user = await db().user.findUniqueOrThrow({
      where: { id: userId },
      select: { email: true, name: true, firstName: true, lastName: true },
    });
    const name = providerName(provider);
    await sendEmail({
      to: user.email,
      subject: change === "connected" ? `${name} was connected to your account` : `${name} was removed from your account`,
      react: createElement(SignInMethodNotice, {
        name: displayName(user),
        provider: name,
        change,
        providerAccount,
        profileUrl: `${config().appUrl}/profile`,
      }),
    });
  } catch (error) {
    log.error("security notice not sent", { kind: `oauth_${change}`, error });
  }
}
