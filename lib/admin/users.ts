import "server-only";
import { db } from "@/lib/db/client";
import { adminUserPage } from "@/lib/db/statements/admin";
import { failPendingDeliveriesOfCreator } from "@/lib/db/statements/webhooks";
import type { ClientInfo } from "@/lib/http/client-info";
import { decodeCursor, pageOf } from "@/lib/http/cursor";
import { conflict } from "@/lib/http/errors";
import { dropSecondFactors } from "@/lib/mfa/factor-changes";
import { tellOwner } from "@/lib/mfa/notices";
import { isPlausibleRef } from "@/lib/organizations/context";
import { revokeUserSessions } from "@/lib/sessions/end";
import type { AdminPrincipal } from "./access";
import { lockTarget, noSuchUser, recordAdminAction } from "./record";

// What an instance admin does to an account (API.md, "Instance administration"). Every action is
// an event with the admin as actor, in the instance's log and in the log of each organization the
// person belongs to, written in the action's transaction.

export async function listUsers(page: { query?: string; cursor?: string; limit: number }) {
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const query = page.query?.trim() || null;
  return pageOf(await adminUserPage(query, after, page.limit + 1), page.limit);
}

export async function getUser(userId: string) {
  if (!isPlausibleRef(userId)) throw noSuchUser();
  const user = await db().user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      firstName: true,
      lastName: true,
      emailVerified: true,
      createdAt: true,
      disabledAt: true,
      disabledReason: true,
      instanceAdmin: true,
      sessions: {
        where: { revokedAt: null, expiresAt: { gt: new Date() } },
        orderBy: { lastUsedAt: "desc" },
        select: { id: true, createdAt: true, lastUsedAt: true, expiresAt: true, ip: true, userAgent: true, aal: true, amr: true },
      },
      memberships: {
        orderBy: { createdAt: "asc" },
        select: { role: true, createdAt: true, organization: { select: { id: true, name: true, slug: true } } },
      },
      totp: { select: { enabledAt: true } },
      passkeys: { orderBy: { createdAt: "asc" }, select: { id: true, name: true, createdAt: true, lastUsedAt: true } },
      recoveryCodes: { where: { usedAt: null }, select: { id: true } },
      accounts: { select: { provider: true } },
    },
  });
  if (!user) throw noSuchUser();
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    firstName: user.firstName,
    lastName: user.lastName,
    emailVerified: user.emailVerified !== null,
    createdAt: user.createdAt,
    disabled: user.disabledAt !== null,
    disabledAt: user.disabledAt,
    disabledReason: user.disabledReason,
    sessions: user.sessions,
    organizations: user.memberships.map((m) => ({ ...m.organization, role: m.role, joinedAt: m.createdAt })),
    factors: {
      totp: user.totp?.enabledAt ? { enabledAt: user.totp.enabledAt } : null,
      passkeys: user.passkeys,
      recoveryCodesLeft: user.recoveryCodes.length,
    },
    providers: [...new Set(user.accounts.map((a) => a.provider))],
  };
}

export async function disableUser(admin: AdminPrincipal, userId: string, reason: string, client: ClientInfo) {
  if (admin.userId === userId) throw conflict("You cannot disable your own account.");
  await db().$transaction(async (tx) => {
    await lockTarget(tx, userId);
    const { count } = await tx.user.updateMany({
      where: { id: userId, disabledAt: null },
      data: { disabledAt: new Date(), disabledReason: reason },
    });
    if (count === 0) return; // already disabled: nothing more to end
    // Ends every session and pending sign-in, and moves the epoch so none in flight opens after.
    await revokeUserSessions(tx, userId, "account_disabled");
    await failPendingDeliveriesOfCreator(tx, userId, "endpoint silent: the person who added it was disabled");
    await recordAdminAction(tx, admin, userId, "admin.user_disabled", client, { reason });
  });
  return getUser(userId);
}

/**
 * Why an action was taken, in its event's metadata when the admin gave one (the /admin pages ask
 * for it every time; the API takes one only for a disable).
 */
const because = (reason: string | undefined) => (reason ? { reason } : {});

/** Sign-in works again; the sessions that ended with the disable stay ended. */
export async function enableUser(admin: AdminPrincipal, userId: string, client: ClientInfo, reason?: string) {
  await db().$transaction(async (tx) => {
    await lockTarget(tx, userId);
    const { count } = await tx.user.updateMany({
      where: { id: userId, disabledAt: { not: null } },
      data: { disabledAt: null, disabledReason: null },
    });
    if (count > 0) await recordAdminAction(tx, admin, userId, "admin.user_enabled", client, because(reason));
  });
  return getUser(userId);
}

const notYourself = (what: string) => conflict(`Not on your own account: ${what} on your profile instead.`);

export async function revokeSessionsOf(admin: AdminPrincipal, userId: string, client: ClientInfo, reason?: string) {
  if (admin.userId === userId) throw notYourself("sign out everywhere");
  await db().$transaction(async (tx) => {
    await lockTarget(tx, userId);
    await revokeUserSessions(tx, userId, "revoked_by_admin");
    await recordAdminAction(tx, admin, userId, "admin.sessions_revoked", client, because(reason));
  });
}

/**
 * The recovery path for a lost device: every factor and recovery code goes, every session ends,
 * and the owner is told. They sign in with their password and enrol again.
 */
export async function resetSecondFactors(admin: AdminPrincipal, userId: string, client: ClientInfo, reason?: string) {
  // Removing your own factors would take no password and no step-up: the profile asks for both.
  if (admin.userId === userId) throw notYourself("manage your second factors");
  await db().$transaction(async (tx) => {
    await lockTarget(tx, userId);
    await dropSecondFactors(tx, userId);
    await revokeUserSessions(tx, userId, "mfa_reset_by_admin");
    await recordAdminAction(tx, admin, userId, "admin.mfa_reset", client, because(reason));
  });
  await tellOwner(userId, "reset_by_admin");
}
