import "server-only";
import { lockKey } from "@/lib/db/statements/locks";
import { db } from "@/lib/db/client";
import { emitToMemberships } from "@/lib/events/emit";
import type { ClientInfo } from "@/lib/http/client-info";
import { conflict } from "@/lib/http/errors";
import type { Principal } from "@/lib/auth/principal";
import { refuseWhileImpersonating } from "@/lib/auth/impersonation";
import { requireRecentStepUp } from "@/lib/auth/step-up";
import { consume } from "@/lib/security/rate-limit";
import type { UpdateProfileInput } from "@/lib/validation/profile";
import type { Tx } from "@/lib/db/client";
import { issueEmailChangeCode, sendConfirmation, type IssuedConfirmation } from "./email-confirmation";
import { verifyCurrentPassword } from "./password-check";
import { displayName, loadProfile, type Profile } from "./profile";
import { sendEmailChangeNotice } from "./security-notices";
import { refuseLeavingManagedDomain } from "./sso-managed-address";

type UserPrincipal = Extract<Principal, { kind: "user" }>;

/**
 * Names apply at once. A new email does not: the new address gets a code and a link, the old
 * one a notice, and the account moves only when the new address confirms (redeemCode /
 * redeemLinkToken, purpose email_change). Changing the email needs recent proof of identity,
 * because whoever controls the address controls the account through password reset.
 *
 * The change is bound to the session that asks: it dies if that session ends (logout, revocation,
 * a password change or reset elsewhere), so it cannot outlive the owner's response to an intrusion.
 *
 * An address already used by another account is refused with 409 at once: this endpoint needs
 * a signed-in user with a fresh password check, and exist-email answers the same question
 * publicly anyway, so hiding it here would protect nothing and confuse the owner.
 */
export async function updateProfile(principal: UserPrincipal, input: UpdateProfileInput, client: ClientInfo): Promise<Profile> {
  const current = await db().user.findUniqueOrThrow({
    where: { id: principal.userId },
    select: { email: true, name: true, firstName: true, lastName: true },
  });
  const newEmail = input.email && input.email !== current.email ? input.email : undefined;

  if (newEmail) {
    refuseWhileImpersonating(principal, "the email address");
    if (input.currentPassword !== undefined) await verifyCurrentPassword(principal.userId, input.currentPassword);
    else requireRecentStepUp(principal);
    await refuseLeavingManagedDomain(principal.userId, current.email, newEmail);
    const taken = await db().user.findUnique({ where: { email: newEmail }, select: { id: true } });
    if (taken) throw conflict("Another account already uses this email address.");
    // Each request mails an address the caller chose: bound it like any code request.
    await consume("sendCodePerClient", client.ip);
    await consume("sendCodePerEmail", newEmail);
  }

  const names = nameChanges(input);
  const issued = await db().$transaction(async (tx): Promise<IssuedConfirmation | null> => {
    if (Object.keys(names).length) {
      await tx.user.update({ where: { id: principal.userId }, data: names });
      // Webhooks only: each organization the person belongs to hears the new name.
      await emitToMemberships(tx, principal.userId, { type: "user.updated", client, metadata: { changed: Object.keys(names), ...names } });
    }
    if (!newEmail) return null;
    await refuseAddressPendingElsewhere(tx, principal.userId, newEmail);
    return issueEmailChangeCode(tx, { userId: principal.userId, email: newEmail, sessionId: principal.sessionId });
  });

  if (issued) {
    const name = displayName({ ...current, ...names });
    // The confirmation must leave (a 503 tells the user to retry); the notice is best effort.
    await sendConfirmation(issued, name, { emailChange: true });
    await sendEmailChangeNotice(current.email, name, issued.email);
  }
  return loadProfile(principal.userId, principal.organizationId);
}

/**
 * One pending change per address, so a code typed with that address can only be this account's
 * (two accounts asking for one address would otherwise race for it). The advisory lock makes
 * two simultaneous requests for one address take turns.
 */
async function refuseAddressPendingElsewhere(tx: Tx, userId: string, email: string) {
  await lockKey(tx, `email_change:${email}`);
  const now = new Date();
  const pending = await tx.oneTimeToken.findFirst({
    where: {
      email,
      purpose: "email_change",
      consumedAt: null,
      expiresAt: { gt: now },
      userId: { not: userId },
      session: { revokedAt: null, expiresAt: { gt: now } },
    },
    select: { id: true },
  });
  if (pending) throw conflict("Another account is confirming a change to this email address.");
}

/**
 * `name` is the display name; first and last names are its parts. Sending only parts clears a
 * stored `name`, so the profile's `name` follows the parts just set instead of an older value.
 */
export function nameChanges(input: UpdateProfileInput): { name?: string | null; firstName?: string; lastName?: string } {
  const changes: { name?: string | null; firstName?: string; lastName?: string } = {};
  if (input.firstName !== undefined) changes.firstName = input.firstName;
  if (input.lastName !== undefined) changes.lastName = input.lastName;
  if (input.name !== undefined) changes.name = input.name;
  else if (input.firstName !== undefined || input.lastName !== undefined) changes.name = null;
  return changes;
}
