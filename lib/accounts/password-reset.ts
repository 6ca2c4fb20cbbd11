import "server-only";
import { dropWhatAnEarlierRegistrantMade } from "./discard-account";
import { createElement } from "react";
import ResetPassword from "@/emails/reset-password";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { afterResponse } from "@/lib/http/after-response";
import type { ClientInfo } from "@/lib/http/client-info";
import { accountDisabled, ApiError } from "@/lib/http/errors";
import { sendEmail } from "@/lib/mail/send";
import { emitToMemberships } from "@/lib/events/emit";
import { randomToken, sha256 } from "@/lib/auth/crypto";
import { hashPassword } from "@/lib/auth/passwords";
import { revokeUserSessions } from "@/lib/sessions/end";
import { clear, consume, limitFailures } from "@/lib/security/rate-limit";
import { displayName } from "./profile";
import { sendPasswordChangedNotice } from "./security-notices";

// Forgot / reset password. The link token is 256 random bits; only its SHA-256 is stored. It is
// single-use, valid for 1 hour, bound to the address it was sent to, and a newer request
// retires the older links.

export const RESET_TTL_MS = 60 * 60 * 1000;

export const FORGOT_PASSWORD_MESSAGE =
  "If an account uses this address, we sent it a link to reset the password. The link expires in 1 hour.";
export const PASSWORD_RESET_MESSAGE = "Your password was reset. Sign in with your new password.";

export const resetLink = (token: string) => `${config().appUrl}/reset-password/${token}`;

const invalidToken = () => new ApiError("invalid_token", "This reset link is invalid, was already used or has expired. Request a new one.");

/**
 * Sends a reset link when `email` has an account, nothing otherwise. Only the rate limits run
 * before the answer; the lookup, the token and the mail run after the response, so neither the
 * body nor the response time tells a known address from an unknown one (and a failed send is
 * logged rather than answered 503, which would tell them apart too).
 */
export async function requestPasswordReset(email: string, client: ClientInfo): Promise<void> {
  await consume("forgotPasswordPerClient", client.ip);
  await consume("forgotPasswordPerEmail", email);
  afterResponse("password reset request", () => sendResetLink(email));
}

async function sendResetLink(email: string): Promise<void> {
  const user = await db().user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, firstName: true, lastName: true, disabledAt: true },
  });
  // The answer is the same either way (this runs after it): a disabled account gets no link.
  if (!user || user.disabledAt) return;

  const token = randomToken(32);
  await db().$transaction(async (tx) => {
    await tx.oneTimeToken.updateMany({
      where: { userId: user.id, purpose: "password_reset", consumedAt: null },
      data: { consumedAt: new Date() },
    });
    await tx.oneTimeToken.create({
      data: {
        userId: user.id,
        purpose: "password_reset",
        email: user.email,
        tokenHash: sha256(token),
        expiresAt: new Date(Date.now() + RESET_TTL_MS),
      },
    });
  });
  await sendEmail({
    to: user.email,
    subject: "Reset your password",
    react: createElement(ResetPassword, { name: displayName(user), link: resetLink(token) }),
  });
}

/** The unconsumed, unexpired reset token behind `token`, still addressed to its owner's email. */
async function findUsableToken(token: string) {
  const row = await db().oneTimeToken.findUnique({
    where: { tokenHash: sha256(token) },
    select: {
      id: true,
      userId: true,
      purpose: true,
      email: true,
      consumedAt: true,
      expiresAt: true,
      user: { select: { email: true, disabledAt: true } },
    },
  });
  // A link sent before an email change went to an address the account no longer uses.
  if (!row || row.purpose !== "password_reset" || row.consumedAt || row.expiresAt <= new Date() || row.user.email !== row.email) {
    throw invalidToken();
  }
  // A link sent before the account was disabled: it proves the mailbox, but the account is shut.
  if (row.user.disabledAt) throw accountDisabled();
  return row;
}

/** POST /api/auth/validate-token: lets the reset page refuse a dead link before the form. */
export async function checkResetToken(token: string, client: ClientInfo): Promise<{ valid: true }> {
  await limitFailures([["resetTokenPerClient", client.ip]], () => findUsableToken(token));
  return { valid: true };
}

/**
 * Sets the new password, spends the token and signs out every session (whoever asked for the
 * reset may not be the only one holding one). Following the link proved the address, so an
 * unconfirmed account is confirmed (dropping what it made before); a pending email change is
 * cancelled, since it may be an intruder's.
 */
export async function resetPassword(input: { token: string; password: string }, client: ClientInfo): Promise<{ message: string }> {
  const row = await limitFailures([["resetTokenPerClient", client.ip]], () => findUsableToken(input.token));
  const passwordHash = await hashPassword(input.password);

  const user = await db().$transaction(async (tx) => {
    const now = new Date();
    const claimed = await tx.oneTimeToken.updateMany({
      where: { id: row.id, consumedAt: null, expiresAt: { gt: now } },
      data: { consumedAt: now },
    });
    if (claimed.count === 0) throw invalidToken();
    const current = await tx.user.findUniqueOrThrow({ where: { id: row.userId }, select: { email: true, emailVerified: true } });
    if (current.email !== row.email) throw invalidToken();
    const updated = await tx.user.update({
      where: { id: row.userId },
      data: { passwordHash, passwordChangedAt: now, emailVerified: current.emailVerified ?? now },
      select: { email: true, name: true, firstName: true, lastName: true },
    });
    // Sign-up codes die too: none may later put another sign-up's password over this one.
    await tx.oneTimeToken.updateMany({
      where: { userId: row.userId, purpose: { in: ["password_reset", "email_change", "email_verification"] }, consumedAt: null },
      data: { consumedAt: now },
    });
    if (!current.emailVerified) await dropWhatAnEarlierRegistrantMade(tx, row.userId);
    await revokeUserSessions(tx, row.userId, "password_reset");
    await emitToMemberships(tx, row.userId, { type: "password.reset", client });
    return updated;
  });

  // The owner just proved who they are: a lockout from someone else's guesses should not keep them out.
  await Promise.all([clear("loginFailuresPerAccountShort", user.email), clear("loginFailuresPerAccountLong", user.email)]);
  await sendPasswordChangedNotice(user.email, displayName(user), "reset");
  return { message: PASSWORD_RESET_MESSAGE };
}
