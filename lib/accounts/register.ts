import "server-only";
import { createElement } from "react";
import AccountExists from "@/emails/account-exists";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { sendEmail } from "@/lib/mail/send";
import { hashPassword } from "@/lib/auth/passwords";
import { SINGLE_FACTOR, startSession, type IssuedRefreshToken } from "@/lib/auth/sessions";
import { buildTokenResponse, type TokenResponse } from "@/lib/auth/token-response";
import { acceptInvitation } from "@/lib/invitations/redeem";
import { createOrganizationWithOwner } from "@/lib/organizations/create";
import { consume } from "@/lib/security/rate-limit";
import type { RegisterInput } from "@/lib/validation/auth";
import { displayName } from "./profile";
import { issueConfirmation, sendConfirmation } from "./email-confirmation";

export const REGISTERED_MESSAGE =
  "Check your email: we sent a 6-digit code and a link to confirm your address.";

export type RegisterResult =
  | { kind: "verification_required" | "joined"; body: { message: string; verificationRequired: true } }
  | { kind: "signed_in"; body: TokenResponse };

/**
 * Creates an unconfirmed account with its default organization (or, with an invitation, a
 * confirmed account in the inviting organization). An address that already has an account
 * gets the same answer, and its owner a notice, so sign-up reveals nothing about who is
 * registered; the password is hashed either way so the timing matches too.
 */
type Outcome =
  | { kind: "verify"; joined?: true; send: () => Promise<void> }
  | { kind: "session"; userId: string; sessionId: string; organizationId: string; refresh: IssuedRefreshToken };

export async function register(input: RegisterInput, client: ClientInfo): Promise<RegisterResult> {
  await consume("registerPerClient", client.ip);
  await consume("registerPerEmail", input.email);

  const passwordHash = await hashPassword(input.password);
  const name = input.name ?? [input.firstName, input.lastName].filter(Boolean).join(" ");

  const outcome = await db().$transaction(async (tx): Promise<Outcome> => {
    const existing = await tx.user.findUnique({
      where: { email: input.email },
      select: { id: true, email: true, name: true, firstName: true, lastName: true, emailVerified: true },
    });
    if (existing && input.invitationToken) {
      throw new ApiError("conflict", "An account with this email already exists: sign in, then accept the invitation.");
    }
    if (existing && !existing.emailVerified) {
      // The address's owner never confirmed: send them a fresh code rather than a notice.
      const issued = await issueConfirmation(tx, { userId: existing.id, email: existing.email, purpose: "email_verification" });
      return { kind: "verify", send: () => sendConfirmation(issued, displayName(existing)) };
    }
    if (existing) return { kind: "verify", send: () => sendAccountExistsNotice(existing.email, displayName(existing)) };

    const user = await tx.user.create({
      data: {
        email: input.email,
        name: input.name ?? null,
        firstName: input.firstName ?? null,
        lastName: input.lastName ?? null,
        passwordHash,
      },
      select: { id: true, email: true },
    });

    let organizationId: string;
    if (input.invitationToken) {
      // The invitation link reached this address, which proves it: the account starts confirmed
      // and can sign in at once. The answer (and the confirmation email) are still those of any
      // registration, as the contract describes them; confirming again simply signs in.
      const { organization } = await acceptInvitation(tx, { token: input.invitationToken, user, client });
      organizationId = organization.id;
      if (config().EMAIL_CONFIRMATION_REQUIRED) {
        await tx.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
        const issued = await issueConfirmation(tx, { userId: user.id, email: user.email, purpose: "email_verification" });
        return { kind: "verify", joined: true, send: () => sendConfirmation(issued, name) };
      }
    } else {
      const organization = await createOrganizationWithOwner(tx, {
        name: input.organizationName ?? `${name}'s Organization`,
        ownerId: user.id,
        client,
      });
      organizationId = organization.id;
      if (config().EMAIL_CONFIRMATION_REQUIRED) {
        const issued = await issueConfirmation(tx, { userId: user.id, email: user.email, purpose: "email_verification" });
        return { kind: "verify", send: () => sendConfirmation(issued, name) };
      }
    }
    await tx.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
    // A brand-new account holds no second factor yet, so the gate (lib/mfa/gate.ts) has nothing to
    // ask: the session starts here, inside the transaction that creates the account.
    const { sessionId, refresh } = await startSession(tx, { userId: user.id, organizationId, client, assurance: SINGLE_FACTOR("pwd") });
    return { kind: "session", userId: user.id, sessionId, organizationId, refresh };
  });

  if (outcome.kind === "verify") {
    await outcome.send();
    return { kind: outcome.joined ? "joined" : "verification_required", body: VERIFICATION_REQUIRED_BODY };
  }
  return { kind: "signed_in", body: await buildTokenResponse(outcome) };
}

const VERIFICATION_REQUIRED_BODY = { message: REGISTERED_MESSAGE, verificationRequired: true as const };

async function sendAccountExistsNotice(email: string, name: string) {
  await sendEmail({
    to: email,
    subject: "You already have an account",
    react: createElement(AccountExists, {
      name,
      loginUrl: `${config().appUrl}/login`,
      resetUrl: `${config().appUrl}/forgot-password`,
    }),
  });
}
