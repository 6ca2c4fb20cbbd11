import "server-only";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { afterResponse } from "@/lib/http/after-response";
import { consume } from "@/lib/security/rate-limit";
import { displayName } from "./profile";
import { issueEmailChangeCode, issueRegistrationCode, sendConfirmation } from "./email-confirmation";
import { readRegistration } from "./registration-payload";
import { sendSignUpCode } from "./register";

export const CODE_SENT_MESSAGE = "If this address belongs to an account waiting for confirmation, we sent it a new code and link.";

/** A sign-up older than this is not re-sent: sign up again (which carries your own password). */
export const RESENDABLE_SIGN_UP_MS = 24 * 60 * 60 * 1000;

/**
 * Sends a fresh code and link to `email` when it is an unconfirmed account's address; otherwise
 * does nothing. The caller answers the same either way, and as fast: the lookup and the mail
 * happen after the response. Asking needs no credentials, so it never touches an email change
 * (those are re-sent only to the session that asked: resendEmailChange).
 */
export async function resendConfirmation(email: string, client: ClientInfo): Promise<void> {
  await consume("sendCodePerClient", client.ip);
  await consume("sendCodePerEmail", email);
  afterResponse("confirmation resend", () => sendFreshConfirmation(email));
}

/**
 * The new code confirms the newest sign-up of the address, with the data that sign-up gave (an
 * anonymous request brings no password of its own). The email names that sign-up's name and
 * organization, so a mailbox owner who did not make it can tell, and only a sign-up from the
 * last 24 hours is re-sent: an old pre-registration cannot be revived this way.
 */
async function sendFreshConfirmation(email: string): Promise<void> {
  const user = await db().user.findUnique({ where: { email }, select: { id: true, emailVerified: true, disabledAt: true } });
  // A disabled address gets no code either (confirming one is refused): the answer was the same.
  if (!user || user.emailVerified || user.disabledAt) return;
  const newest = await db().oneTimeToken.findFirst({
    where: { userId: user.id, email, purpose: "email_verification", createdAt: { gt: new Date(Date.now() - RESENDABLE_SIGN_UP_MS) } },
    orderBy: { createdAt: "desc" },
    select: { registration: true },
  });
  const registration = readRegistration(newest?.registration ?? null);
  if (!registration) return;
  const issued = await db().$transaction((tx) => issueRegistrationCode(tx, { userId: user.id, email, registration }));
  await sendSignUpCode(issued, registration);
}

/**
 * For a signed-in caller: a fresh code for the email change THIS session asked for (to `email`
 * when given; it stays bound to the session), else as for anyone: `email`, or the account's own
 * address when it is unconfirmed.
 */
export async function resendForSession(actor: { userId: string; sessionId: string }, client: ClientInfo, email?: string): Promise<void> {
  const pending = await db().oneTimeToken.findFirst({
    where: {
      userId: actor.userId,
      sessionId: actor.sessionId,
      purpose: "email_change",
      consumedAt: null,
      expiresAt: { gt: new Date() },
      ...(email ? { email } : {}),
    },
    orderBy: { createdAt: "desc" },
    select: { email: true, user: { select: { email: true, name: true, firstName: true, lastName: true } } },
  });
  if (!pending) {
    const own = email ?? (await db().user.findUniqueOrThrow({ where: { id: actor.userId }, select: { email: true } })).email;
    return resendConfirmation(own, client);
  }
  await consume("sendCodePerClient", client.ip);
  await consume("sendCodePerEmail", pending.email);
  const issued = await db().$transaction((tx) =>
    issueEmailChangeCode(tx, { userId: actor.userId, email: pending.email, sessionId: actor.sessionId }),
  );
  await sendConfirmation(issued, displayName(pending.user), { emailChange: true });
}
