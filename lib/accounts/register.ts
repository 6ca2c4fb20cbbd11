import "server-only";
import { createElement } from "react";
import AccountExists from "@/emails/account-exists";
import { config } from "@/lib/config/env";
import { db, type Tx } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { sendEmail } from "@/lib/mail/send";
import { hashPassword } from "@/lib/auth/passwords";
import { SINGLE_FACTOR, type IssuedRefreshToken } from "@/lib/sessions/assurance";
import { startSession } from "@/lib/sessions/start";
import { buildTokenResponse, type TokenResponse } from "@/lib/sessions/token-response";
import { acceptInvitation, findUsableInvitation } from "@/lib/invitations/redeem";
import { createOrganizationWithOwner } from "@/lib/organizations/create";
import { requireEnabledAccountIn } from "@/lib/sign-in/gate";
import { consume } from "@/lib/security/rate-limit";
import type { RegisterInput } from "@/lib/validation/auth";
import { displayName } from "./profile";
import { discardUnconfirmedAccount, lockUser } from "./discard-account";
import { issueRegistrationCode, sendConfirmation } from "./email-confirmation";
import { defaultOrganizationName, newRegistration, registrationName, type RegistrationPayload } from "./registration-payload";

export const REGISTERED_MESSAGE = "Check your email: we sent a 6-digit code and a link to confirm your address.";

export type RegisterResult =
  | { kind: "verification_required" | "joined"; body: { message: string; verificationRequired: true } }
  | { kind: "signed_in"; body: TokenResponse };

type Outcome =
  | { kind: "verify"; joined?: true; send: () => Promise<void> }
  | { kind: "session"; userId: string; sessionId: string; organizationId: string; refresh: IssuedRefreshToken; send: () => Promise<void> };

/**
 * Signs up `input.email`. The answer is the same whether or not the address has an account (its
 * owner gets a notice instead), and the password is hashed either way so the timing matches.
 *
 * Nobody proves an address by signing up, so a sign-up never changes an existing account: a new
 * one is created unconfirmed, and a second sign-up of a still unconfirmed address only mails that
 * address a code carrying this sign-up's data. Whichever code the mailbox's owner confirms
 * decides what the account is (registration-confirm.ts). An invitation link does prove the
 * address, so with a valid invitation an unconfirmed account holding the address is replaced.
 */
export async function register(input: RegisterInput, client: ClientInfo): Promise<RegisterResult> {
  await consume("registerPerClient", client.ip);
  await consume("registerPerEmail", input.email);
  // The token is judged before the address is looked at, so its answer says nothing about accounts.
  if (input.invitationToken) await checkInvitation(input.invitationToken, input.email);

  const registration = newRegistration(input, await hashPassword(input.password), true);
  const outcome = await db().$transaction(async (tx): Promise<Outcome> => {
    const existing = await tx.user.findUnique({
      where: { email: input.email },
      select: { id: true, email: true, name: true, firstName: true, lastName: true, emailVerified: true },
    });
    // An invitation link proves the address, so its holder is told when an admin disabled the
    // account there: no invitation joins it to anything, nor replaces it with a fresh one.
    if (existing?.emailVerified) {
      if (input.invitationToken) await requireEnabledAccountIn(tx, existing.id);
      const name = displayName(existing);
      return {
        kind: "verify",
        joined: input.invitationToken ? true : undefined,
        send: () => sendAccountExistsNotice(existing.email, name),
      };
    }
    if (input.invitationToken) {
      if (existing && (await lockUser(tx, existing.id))) {
        await requireEnabledAccountIn(tx, existing.id);
        await discardUnconfirmedAccount(tx, existing.id);
      }
      return joinByInvitation(tx, input.email, input.invitationToken, registration, client);
    }
    if (existing) {
      const later = { ...registration, original: false };
      const issued = await issueRegistrationCode(tx, { userId: existing.id, email: existing.email, registration: later });
      return { kind: "verify", send: () => sendSignUpCode(issued, later) };
    }
    return createAccount(tx, input.email, registration, client);
  });

  await outcome.send();
  if (outcome.kind === "verify") {
    return { kind: outcome.joined ? "joined" : "verification_required", body: VERIFICATION_REQUIRED_BODY };
  }
  return { kind: "signed_in", body: await buildTokenResponse(outcome) };
}

const VERIFICATION_REQUIRED_BODY = { message: REGISTERED_MESSAGE, verificationRequired: true as const };

async function checkInvitation(token: string, email: string) {
  const invitation = await db().$transaction((tx) => findUsableInvitation(tx, token));
  if (invitation.email !== email) throw new ApiError("forbidden", "This invitation was sent to a different email address.");
}

function createUser(tx: Tx, email: string, r: RegistrationPayload, emailVerified: Date | null) {
  return tx.user.create({
    data: { email, name: r.name, firstName: r.firstName, lastName: r.lastName, passwordHash: r.passwordHash, emailVerified },
    select: { id: true, email: true },
  });
}

/**
 * A new address: an unconfirmed account with its default organization. With confirmation off
 * it is signed in at once, yet stays unconfirmed until the emailed code is used, so a later
 * sign-up by the mailbox's owner can still take the address back (registration-confirm.ts).
 */
async function createAccount(tx: Tx, email: string, registration: RegistrationPayload, client: ClientInfo): Promise<Outcome> {
  const user = await createUser(tx, email, registration, null);
  const organization = await createOrganizationWithOwner(tx, { name: defaultOrganizationName(registration), ownerId: user.id, client });
  const issued = await issueRegistrationCode(tx, { userId: user.id, email, registration });
  const send = () => sendSignUpCode(issued, registration);
  if (config().EMAIL_CONFIRMATION_REQUIRED) return { kind: "verify", send };
  const { sessionId, refresh } = await startBrandNewSession(tx, { userId: user.id, organizationId: organization.id, client });
  return { kind: "session", userId: user.id, sessionId, organizationId: organization.id, refresh, send };
}

/**
 * A brand-new account holds no second factor yet, so the gate (lib/sign-in/gate.ts) has nothing
 * to ask: its session starts inside the transaction that creates the account.
 */
async function startBrandNewSession(tx: Tx, input: { userId: string; organizationId: string; client: ClientInfo }) {
  const started = await startSession({ ...input, assurance: SINGLE_FACTOR("pwd") }, tx);
  if (!started) throw new Error("A session for an account created in this transaction could not start.");
  return started;
}

/**
 * The invitation link reached this address, which proves it: the account starts confirmed in the
 * inviting organization. The answer (and the confirmation email) are still those of any
 * registration, as the contract describes them; confirming again simply signs in.
 */
async function joinByInvitation(
  tx: Tx,
  email: string,
  token: string,
  registration: RegistrationPayload,
  client: ClientInfo,
): Promise<Outcome> {
  const user = await createUser(tx, email, registration, new Date());
  const { organization } = await acceptInvitation(tx, { token, user, client });
  if (config().EMAIL_CONFIRMATION_REQUIRED) {
    const issued = await issueRegistrationCode(tx, { userId: user.id, email, registration });
    const signUp = { name: registrationName(registration), organization: organization.name };
    return { kind: "verify", joined: true, send: () => sendConfirmation(issued, signUp.name, { signUp }) };
  }
  const { sessionId, refresh } = await startBrandNewSession(tx, { userId: user.id, organizationId: organization.id, client });
  return { kind: "session", userId: user.id, sessionId, organizationId: organization.id, refresh, send: async () => {} };
}

export function sendSignUpCode(issued: { email: string; code: string; token: string }, registration: RegistrationPayload) {
  const name = registrationName(registration);
  return sendConfirmation(issued, name, { signUp: { name, organization: defaultOrganizationName(registration) } });
}

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
