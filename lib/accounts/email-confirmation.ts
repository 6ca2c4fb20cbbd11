import "server-only";
import { createElement } from "react";
import ConfirmEmail from "@/emails/confirm-email";
import { config } from "@/lib/config/env";
import { db, type Tx } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { recordUserEvent } from "@/lib/audit/record";
import { limitFailures } from "@/lib/security/rate-limit";
import { sendEmail } from "@/lib/mail/send";
import { codeDigest, constantTimeEqual, randomToken, sha256, sixDigitCode } from "@/lib/auth/crypto";

// Email confirmation, for a new account and for a changed address alike: a 6-digit code and a
// link token, both stored only as digests, single-use, valid 15 minutes; a code dies after 5
// tries. Issuing a new one retires the older ones.

export const CODE_TTL_MS = 15 * 60 * 1000;
export const MAX_CODE_ATTEMPTS = 5;
type ConfirmPurpose = "email_verification" | "email_change";

export interface IssuedConfirmation {
  email: string;
  code: string;
  token: string;
}

export async function issueConfirmation(tx: Tx, input: { userId: string; email: string; purpose: ConfirmPurpose }): Promise<IssuedConfirmation> {
  await tx.oneTimeToken.updateMany({
    where: { userId: input.userId, purpose: input.purpose, consumedAt: null },
    data: { consumedAt: new Date() },
  });
  const code = sixDigitCode();
  const token = randomToken(32);
  await tx.oneTimeToken.create({
    data: {
      userId: input.userId,
      purpose: input.purpose,
      email: input.email,
      codeHash: codeDigest(`${input.purpose}:${input.email}`, code),
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + CODE_TTL_MS),
    },
  });
  return { email: input.email, code, token };
}

export const confirmationLink = (token: string) => `${config().appUrl}/api/auth/verify-email/${token}`;

export async function sendConfirmation(issued: IssuedConfirmation, name: string, emailChange = false) {
  await sendEmail({
    to: issued.email,
    // Never the code itself: a subject shows on a locked phone (SECURITY.md, "Decisions").
    subject: emailChange ? "Confirm your new email address" : "Your confirmation code",
    react: createElement(ConfirmEmail, { name, code: issued.code, link: confirmationLink(issued.token), emailChange }),
  });
}

const invalidCode = () => new ApiError("invalid_code", "The code is wrong or has expired. Request a new code.");
const invalidToken = () => new ApiError("invalid_token", "This confirmation link is invalid or has expired.");

/** Checks a code for `email`; every try costs one of the 5 attempts, so guesses are bounded. */
export async function redeemCode(email: string, code: string, client: ClientInfo) {
  const row = await db().oneTimeToken.findFirst({
    where: { email, purpose: { in: ["email_verification", "email_change"] }, consumedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
  });
  if (!row?.codeHash) throw invalidCode();
  const spent = await db().oneTimeToken.updateMany({
    where: { id: row.id, attempts: { lt: MAX_CODE_ATTEMPTS }, consumedAt: null },
    data: { attempts: { increment: 1 } },
  });
  if (spent.count === 0 || !constantTimeEqual(codeDigest(`${row.purpose}:${row.email}`, code), row.codeHash)) throw invalidCode();
  return applyConfirmation(row.id, client);
}

export async function redeemLinkToken(token: string, client: ClientInfo) {
  const row = await db().oneTimeToken.findUnique({ where: { tokenHash: sha256(token) } });
  if (!row || row.consumedAt || row.expiresAt <= new Date() || row.purpose === "password_reset") throw invalidToken();
  return applyConfirmation(row.id, client);
}

/** Consumes the token and confirms the address (or moves the account to it) in one transaction. */
async function applyConfirmation(tokenId: string, client: ClientInfo) {
  return db().$transaction(async (tx) => {
    const row = await tx.oneTimeToken.findUniqueOrThrow({ where: { id: tokenId } });
    const consumed = await tx.oneTimeToken.updateMany({ where: { id: tokenId, consumedAt: null }, data: { consumedAt: new Date() } });
    if (consumed.count === 0) throw invalidCode();
    const user = await tx.user.findUniqueOrThrow({ where: { id: row.userId }, select: { id: true, email: true } });
    if (row.purpose === "email_change") {
      const taken = await tx.user.findUnique({ where: { email: row.email }, select: { id: true } });
      if (taken && taken.id !== user.id) throw new ApiError("conflict", "Another account now uses this email address.");
      await tx.user.update({ where: { id: user.id }, data: { email: row.email, emailVerified: new Date() } });
      await recordUserEvent(tx, user.id, { type: "email.changed", client, metadata: { from: user.email, to: row.email } });
      return { userId: user.id, purpose: row.purpose, previousEmail: user.email, email: row.email };
    }
    if (row.email !== user.email) throw invalidCode();
    await tx.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
    return { userId: user.id, purpose: row.purpose, previousEmail: user.email, email: row.email };
  });
}

/**
 * Confirms an address with its code (and the address) or its link token: the one entry point of
 * the API route, the link and the confirm page. Wrong guesses count against the client's and the
 * address's allowance.
 */
export async function confirmEmail(input: { email?: string; code?: string; token?: string }, client: ClientInfo) {
  const limits = [["confirmPerClient", client.ip] as const, ...(input.email ? [["confirmPerEmail", input.email] as const] : [])];
  return limitFailures(limits, () =>
    input.token ? redeemLinkToken(input.token, client) : redeemCode(input.email!, input.code!, client),
  );
}
