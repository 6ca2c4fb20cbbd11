import "server-only";
import { createElement } from "react";
import ConfirmEmail from "@/emails/confirm-email";
import { config } from "@/lib/config/env";
import { db, type Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { limitFailures } from "@/lib/security/rate-limit";
import { sendEmail } from "@/lib/mail/send";
import { codeDigest, codeDigestMatches, randomToken, sha256, sixDigitCode } from "@/lib/auth/crypto";
import { lockUser } from "./discard-account";
import { applyEmailChange, sendEmailChangedNotice } from "./email-change";
import { applyRegistration } from "./registration-confirm";
import type { RegistrationPayload } from "./registration-payload";

// Email confirmation, for a new account and for a changed address alike: a 6-digit code and a
// link token, both stored only as digests, single-use, valid 15 minutes; a code dies after 5
// tries.
//
// A sign-up's code carries what that sign-up submitted (registration-payload.ts), and a new
// code retires only the earlier codes of the same sign-up: another person's sign-up of the
// same address never takes the owner's code away nor changes what it confirms. An email
// change's code is bound to the session that asked for it and dies with that session.

export const CODE_TTL_MS = 15 * 60 * 1000;
export const MAX_CODE_ATTEMPTS = 5;

export interface IssuedConfirmation {
  email: string;
  code: string;
  token: string;
}

async function createCode(
  tx: Tx,
  data: {
    userId: string;
    email: string;
    purpose: "email_verification" | "email_change";
    sessionId?: string;
    registration?: RegistrationPayload;
  },
): Promise<IssuedConfirmation> {
  const code = sixDigitCode();
  const token = randomToken(32);
  await tx.oneTimeToken.create({
    data: {
      userId: data.userId,
      purpose: data.purpose,
      email: data.email,
      codeHash: codeDigest(`${data.purpose}:${data.email}`, code),
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + CODE_TTL_MS),
      sessionId: data.sessionId ?? null,
      registration: (data.registration ?? undefined) as Prisma.InputJsonValue | undefined,
    },
  });
  return { email: data.email, code, token };
}

/** A code for one sign-up of `email`; earlier codes of that same sign-up stop working. */
export async function issueRegistrationCode(tx: Tx, input: { userId: string; email: string; registration: RegistrationPayload }) {
  await tx.oneTimeToken.updateMany({
    where: {
      userId: input.userId,
      purpose: "email_verification",
      consumedAt: null,
      registration: { path: ["id"], equals: input.registration.id },
    },
    data: { consumedAt: new Date() },
  });
  return createCode(tx, { ...input, purpose: "email_verification" });
}

/** A code for moving the account to `email`, valid only while `sessionId` stays signed in. */
export async function issueEmailChangeCode(tx: Tx, input: { userId: string; email: string; sessionId: string }) {
  await tx.oneTimeToken.updateMany({
    where: { userId: input.userId, purpose: "email_change", consumedAt: null },
    data: { consumedAt: new Date() },
  });
  return createCode(tx, { ...input, purpose: "email_change" });
}

export const confirmationLink = (token: string) => `${config().appUrl}/api/auth/verify-email/${token}`;

/**
 * Sends a code and link. For a sign-up, `signUp` names what the code confirms (the name and the
 * organization given), so a mailbox owner who receives a code they did not ask for can tell.
 */
export async function sendConfirmation(
  issued: IssuedConfirmation,
  name: string,
  options: { emailChange?: boolean; signUp?: { name: string; organization: string } } = {},
) {
  await sendEmail({
    to: issued.email,
    // Never the code itself: a subject shows on a locked phone (SECURITY.md, "Decisions").
    subject: options.emailChange ? "Confirm your new email address" : "Your confirmation code",
    react: createElement(ConfirmEmail, {
      name,
      code: issued.code,
      link: confirmationLink(issued.token),
      emailChange: options.emailChange,
      signUp: options.signUp,
    }),
  });
}

const invalidCode = () => new ApiError("invalid_code", "The code is wrong or has expired. Request a new code.");
const invalidToken = () => new ApiError("invalid_token", "This confirmation link is invalid or has expired.");

/** Pending codes for `email`: sign-ups of it, and the one live email change to it. */
function pendingCodesWhere(email: string, now: Date): Prisma.OneTimeTokenWhereInput {
  return {
    email,
    consumedAt: null,
    expiresAt: { gt: now },
    OR: [{ purpose: "email_verification" }, { purpose: "email_change", session: { revokedAt: null, expiresAt: { gt: now } } }],
  };
}

/**
 * Checks a code for `email` against every code pending for it (several sign-ups may each hold
 * one). Each guess costs an attempt on all of them, so more sign-ups do not mean more guesses.
 */
export async function redeemCode(email: string, code: string, client: ClientInfo) {
  const pending = await db().oneTimeToken.findMany({
    where: pendingCodesWhere(email, new Date()),
    select: { id: true, purpose: true, email: true, codeHash: true, attempts: true },
  });
  const match = pending.find(
    (row) => row.codeHash && row.attempts < MAX_CODE_ATTEMPTS && codeDigestMatches(`${row.purpose}:${row.email}`, code, row.codeHash),
  );
  const others = pending.filter((row) => row !== match).map((row) => row.id);
  if (others.length) {
    await db().oneTimeToken.updateMany({
      where: { id: { in: others }, attempts: { lt: MAX_CODE_ATTEMPTS } },
      data: { attempts: { increment: 1 } },
    });
  }
  if (!match) throw invalidCode();
  const spent = await db().oneTimeToken.updateMany({
    where: { id: match.id, attempts: { lt: MAX_CODE_ATTEMPTS }, consumedAt: null },
    data: { attempts: { increment: 1 } },
  });
  if (spent.count === 0) throw invalidCode();
  return applyConfirmation(match.id, client, invalidCode);
}

export async function redeemLinkToken(token: string, client: ClientInfo) {
  const row = await db().oneTimeToken.findUnique({ where: { tokenHash: sha256(token) }, select: { id: true, purpose: true } });
  if (!row || (row.purpose !== "email_verification" && row.purpose !== "email_change")) throw invalidToken();
  return applyConfirmation(row.id, client, invalidToken);
}

export interface Confirmed {
  userId: string;
  purpose: "email_verification" | "email_change";
  email: string;
  previousEmail: string;
  /** Set when an email change completed: the old address is told, with a way to undo it. */
  undo?: { token: string; name: string };
}

/**
 * Consumes the code and applies it in one transaction, with the account's row locked so two
 * confirmations of one address (two sign-ups, or a sign-up and a change) run one after the other.
 */
async function applyConfirmation(tokenId: string, client: ClientInfo, invalid: () => ApiError): Promise<Confirmed> {
  return db().$transaction(async (tx) => {
    const now = new Date();
    const row = await tx.oneTimeToken.findUnique({
      where: { id: tokenId },
      include: { session: { select: { revokedAt: true, expiresAt: true } } },
    });
    if (!row || !(await lockUser(tx, row.userId))) throw invalid();
    const claimed = await tx.oneTimeToken.updateMany({
      where: { id: tokenId, consumedAt: null, expiresAt: { gt: now } },
      data: { consumedAt: now },
    });
    if (claimed.count === 0) throw invalid();
    if (row.purpose === "email_change") {
      // The change dies with the session that asked for it (logout, revocation, password change).
      if (!row.session || row.session.revokedAt || row.session.expiresAt <= now) throw invalid();
      return applyEmailChange(tx, row, client);
    }
    if (row.purpose !== "email_verification") throw invalid();
    return applyRegistration(tx, row, client, invalid);
  });
}

/**
 * Confirms an address with its code (and the address) or its link token: the one entry point of
 * the API route, the link and the confirm page. Wrong guesses count against the client's and the
 * address's allowance. A completed email change is announced to the old address with an undo link.
 */
export async function confirmEmail(input: { email?: string; code?: string; token?: string }, client: ClientInfo): Promise<Confirmed> {
  const limits = [["confirmPerClient", client.ip] as const, ...(input.email ? [["confirmPerEmail", input.email] as const] : [])];
  const confirmed = await limitFailures(limits, () =>
    input.token ? redeemLinkToken(input.token, client) : redeemCode(input.email!, input.code!, client),
  );
  if (confirmed.undo) await sendEmailChangedNotice(confirmed.previousEmail, confirmed.undo.name, confirmed.email, confirmed.undo.token);
  return confirmed;
}
