import "server-only";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { afterResponse } from "@/lib/http/after-response";
import { consume } from "@/lib/security/rate-limit";
import { displayName } from "./profile";
import { issueConfirmation, sendConfirmation } from "./email-confirmation";

export const CODE_SENT_MESSAGE =
  "If this address belongs to an account waiting for confirmation, we sent it a new code and link.";

/**
 * Sends a fresh code and link to `email` when it is an unconfirmed account's address or an
 * address change waiting for confirmation; otherwise does nothing. The caller answers the same
 * either way, and as fast: the lookup and the mail happen after the response.
 */
export async function resendConfirmation(email: string, client: ClientInfo): Promise<void> {
  await consume("sendCodePerClient", client.ip);
  await consume("sendCodePerEmail", email);
  afterResponse("confirmation resend", () => sendFreshConfirmation(email));
}

async function sendFreshConfirmation(email: string): Promise<void> {
  const user = await db().user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, firstName: true, lastName: true, emailVerified: true },
  });
  if (user && !user.emailVerified) {
    const issued = await db().$transaction((tx) => issueConfirmation(tx, { userId: user.id, email, purpose: "email_verification" }));
    return sendConfirmation(issued, displayName(user));
  }
  const pendingChange = await db().oneTimeToken.findFirst({
    where: { email, purpose: "email_change", consumedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { user: { select: { id: true, email: true, name: true, firstName: true, lastName: true } } },
  });
  if (pendingChange) {
    const owner = pendingChange.user;
    const issued = await db().$transaction((tx) => issueConfirmation(tx, { userId: owner.id, email, purpose: "email_change" }));
    return sendConfirmation(issued, displayName(owner), true);
  }
}
