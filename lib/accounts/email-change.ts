import "server-only";
import { createElement } from "react";
import EmailChanged from "@/emails/email-changed";
import { config } from "@/lib/config/env";
import { db, type Tx } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError, conflict } from "@/lib/http/errors";
import { emitToMemberships } from "@/lib/events/emit";
import { randomToken, sha256 } from "@/lib/auth/crypto";
import { revokeUserSessions } from "@/lib/sessions/end";
import { requireEnabledAccountIn } from "@/lib/sign-in/gate";
import { limitFailures } from "@/lib/security/rate-limit";
import { sendEmail } from "@/lib/mail/send";
import { discardUnconfirmedAccount, lockUser } from "./discard-account";
import type { Confirmed } from "./email-confirmation";
import { displayName } from "./profile";
import { refuseLeavingManagedDomain } from "./sso-managed-address";
import { sendNotice } from "./security-notices";

// Completing an email change, and undoing one. The old address is told when the account moves
// away from it, with a link that puts it back: whoever took the account through a stolen
// session or password would otherwise keep it, since the new address now receives every reset.

/** Long enough for someone who reads their mail once a week; single use, stored as a digest. */
export const UNDO_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const undoLink = (token: string) => `${config().appUrl}/undo-email-change/${token}`;

export const EMAIL_RESTORED_MESSAGE =
  "Your email address was restored and every session was signed out. Reset your password now: whoever changed the address may know it.";

/**
 * Moves the account to the confirmed address (the caller consumed the code and locked the row).
 * Every other code and link of the account dies with the old address: reset links sent there
 * must not work again if the address ever comes back.
 */
export async function applyEmailChange(tx: Tx, row: { id: string; userId: string; email: string }, client: ClientInfo): Promise<Confirmed> {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: row.userId },
    select: { id: true, email: true, name: true, firstName: true, lastName: true },
  });
  const taken = await tx.user.findUnique({ where: { email: row.email }, select: { id: true } });
  if (taken && taken.id !== user.id) throw conflict("Another account now uses this email address.");
  await refuseLeavingManagedDomain(user.id, user.email, row.email, tx);
  const now = new Date();
  await tx.user.update({ where: { id: user.id }, data: { email: row.email, emailVerified: now } });
  await tx.oneTimeToken.updateMany({
    where: { userId: user.id, purpose: { in: ["email_change", "password_reset", "email_verification"] }, consumedAt: null },
    data: { consumedAt: now },
  });
  const undoToken = randomToken(32);
  await tx.oneTimeToken.create({
    data: {
      userId: user.id,
      purpose: "email_change_undo",
      email: user.email,
      tokenHash: sha256(undoToken),
      expiresAt: new Date(now.getTime() + UNDO_TTL_MS),
    },
  });
  await emitToMemberships(tx, user.id, { type: "email.changed", client, metadata: { from: user.email, to: row.email } });
  return {
    userId: user.id,
    purpose: "email_change",
    email: row.email,
    previousEmail: user.email,
    undo: { token: undoToken, name: displayName(user) },
  };
}

/** Tells the old address the account has left it, with the undo link (best effort, like every notice). */
export function sendEmailChangedNotice(to: string, name: string, newEmail: string, token: string) {
  return sendNotice("email_changed", () =>
    sendEmail({
      to,
      subject: "Your email address was changed",
      react: createElement(EmailChanged, { name, newEmail, undoUrl: undoLink(token) }),
    }),
  );
}

const invalidUndo = () => new ApiError("invalid_token", "This link is invalid, was already used or has expired.");

/**
 * Puts the old address back (POST only: mail scanners open links). It signs out every session
 * and cancels every pending change, code and reset link, since an intruder may hold any of them.
 * Refused (403 account_disabled) while an admin has the account disabled.
 * An unconfirmed account that grabbed the freed address is discarded (this link proves the
 * mailbox); a confirmed one makes the undo impossible (409). Undo links of later changes die, so
 * an intruder who changed the address twice cannot undo the owner's undo; earlier ones stay.
 */
export async function undoEmailChange(token: string, client: ClientInfo): Promise<{ message: string; email: string }> {
  return limitFailures([["resetTokenPerClient", client.ip]], () =>
    db().$transaction(async (tx) => {
      const now = new Date();
      const row = await tx.oneTimeToken.findUnique({ where: { tokenHash: sha256(token) } });
      if (!row || row.purpose !== "email_change_undo" || !(await lockUser(tx, row.userId))) throw invalidUndo();
      // A disabled account's credentials stay as the admin found them; the link is not spent, so it
      // still works (within its 7 days) once the account is enabled again.
      await requireEnabledAccountIn(tx, row.userId);
      const claimed = await tx.oneTimeToken.updateMany({
        where: { id: row.id, consumedAt: null, expiresAt: { gt: now } },
        data: { consumedAt: now },
      });
      if (claimed.count === 0) throw invalidUndo();

      const user = await tx.user.findUniqueOrThrow({ where: { id: row.userId }, select: { id: true, email: true } });
      const holder = await tx.user.findUnique({ where: { email: row.email }, select: { id: true, emailVerified: true } });
      if (holder && holder.id !== user.id) {
        if (holder.emailVerified) throw conflict("Another account now uses this email address: contact support.");
        await lockUser(tx, holder.id);
        await discardUnconfirmedAccount(tx, holder.id);
      }
      await tx.user.update({ where: { id: user.id }, data: { email: row.email, emailVerified: now } });
      await tx.oneTimeToken.updateMany({
        where: {
          userId: user.id,
          consumedAt: null,
          OR: [
            { purpose: { in: ["email_change", "password_reset", "email_verification"] } },
            { purpose: "email_change_undo", createdAt: { gt: row.createdAt } },
          ],
        },
        data: { consumedAt: now },
      });
      await revokeUserSessions(tx, user.id, "email_change_undone");
      await emitToMemberships(tx, user.id, { type: "email.changed", client, metadata: { from: user.email, to: row.email, undo: true } });
      return { message: EMAIL_RESTORED_MESSAGE, email: row.email };
    }),
  );
}
