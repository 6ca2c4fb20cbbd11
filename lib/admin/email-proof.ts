import "server-only";
import { createElement } from "react";
import { codeDigest, codeDigestMatches, randomToken, sha256, sixDigitCode } from "@/lib/auth/crypto";
import { refuseWhileImpersonating } from "@/lib/auth/impersonation";
import { db } from "@/lib/db/client";
import { emit } from "@/lib/events/emit";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError, forbidden } from "@/lib/http/errors";
import { sendEmail } from "@/lib/mail/send";
import { consume } from "@/lib/security/rate-limit";
import { AdminEmailProof } from "@/emails/admin-email-proof";
import { adminStanding, type AdminPrincipal } from "./access";

// ADMIN_EMAILS makes an account an admin only once the account proves it reads the listed mailbox:
// a 6-digit code mailed there, typed into an aal2 session of the account, 10 minutes, 5 tries. A
// registrant who squatted a listed address (or changed their address to it) and had the
// confirmation link opened by a mail scanner never sees this code. The proof holds for that
// address only: an email change leaves it behind.

const PURPOSE = "admin_email_proof" as const;
const TTL_MS = 10 * 60 * 1000;
const MAX_ATTEMPTS = 5;

async function listedAccount(principal: AdminPrincipal) {
  refuseWhileImpersonating(principal, "administrator access");
  if (principal.aal !== "aal2") throw new ApiError("mfa_required", "Use a session that used your second factor.");
  if ((await adminStanding(principal.userId)) !== "listed") throw forbidden("There is nothing to confirm for this account.");
  return db().user.findUniqueOrThrow({ where: { id: principal.userId }, select: { email: true, name: true } });
}

export async function sendAdminEmailProof(principal: AdminPrincipal): Promise<{ email: string }> {
  const user = await listedAccount(principal);
  await consume("sendCodePerEmail", user.email);
  const code = sixDigitCode();
  await db().$transaction(async (tx) => {
    // One live code at a time: a new one replaces any earlier.
    await tx.oneTimeToken.updateMany({
      where: { userId: principal.userId, purpose: PURPOSE, consumedAt: null },
      data: { consumedAt: new Date() },
    });
    await tx.oneTimeToken.create({
      data: {
        userId: principal.userId,
        purpose: PURPOSE,
        email: user.email,
        codeHash: codeDigest(`${PURPOSE}:${principal.userId}:${user.email}`, code),
        tokenHash: sha256(randomToken()),
        expiresAt: new Date(Date.now() + TTL_MS),
      },
    });
  });
  await sendEmail({
    to: user.email,
    subject: "Confirm your administrator access",
    react: createElement(AdminEmailProof, { name: user.name ?? "", code }),
  });
  return { email: user.email };
}

const wrongCode = () => new ApiError("invalid_code", "That code is wrong or has expired. Ask for a new one.");

export async function confirmAdminEmailProof(principal: AdminPrincipal, code: string, client: ClientInfo): Promise<void> {
  const user = await listedAccount(principal);
  await db()
    .$transaction(async (tx) => {
      const row = await tx.oneTimeToken.findFirst({
        where: { userId: principal.userId, purpose: PURPOSE, email: user.email, consumedAt: null, expiresAt: { gt: new Date() } },
        orderBy: { createdAt: "desc" },
        select: { id: true, codeHash: true, attempts: true },
      });
      if (!row?.codeHash || row.attempts >= MAX_ATTEMPTS) throw wrongCode();
      // The try is counted first, in its own statement, so parallel guesses cannot outrun the limit.
      const counted = await tx.oneTimeToken.updateMany({
        where: { id: row.id, attempts: { lt: MAX_ATTEMPTS } },
        data: { attempts: { increment: 1 } },
      });
      if (counted.count === 0 || !codeDigestMatches(`${PURPOSE}:${principal.userId}:${user.email}`, code, row.codeHash)) {
        return "wrong" as const;
      }
      await tx.oneTimeToken.update({ where: { id: row.id }, data: { consumedAt: new Date() } });
      await tx.user.update({ where: { id: principal.userId }, data: { adminEmailProvedFor: user.email } });
      await emit(tx, {
        type: "admin.access_confirmed",
        organizationId: null,
        actorId: principal.userId,
        client,
        metadata: { email: user.email },
      });
      return "ok" as const;
    })
    .then((outcome) => {
      if (outcome === "wrong") throw wrongCode();
    });
}
