import "server-only";
import type { Tx } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { accountDisabled, type ApiError } from "@/lib/http/errors";
import { createOrganizationWithOwner } from "@/lib/organizations/create";
import { discardUnconfirmedAccount } from "./discard-account";
import type { Confirmed } from "./email-confirmation";
import { defaultOrganizationName, readRegistration, type RegistrationPayload } from "./registration-payload";

interface VerificationRow {
  id: string;
  userId: string;
  email: string;
  registration: unknown;
}

/**
 * Applies a sign-up's code (the caller has consumed it and locked the account row). Whoever
 * holds the code controls the mailbox, so the account becomes what THAT sign-up asked for:
 *
 * - the sign-up that created the account row: the address is confirmed, nothing else changes;
 * - any later sign-up of the still unconfirmed address: the earlier account and all it made are
 *   discarded, and a fresh one is created from this sign-up's password, names and organization.
 *
 * Either way every other pending sign-up code for the address dies. An account already confirmed
 * (by an invitation, a reset, a provider) accepts only its own original code, which just signs in.
 */
export async function applyRegistration(tx: Tx, row: VerificationRow, client: ClientInfo, invalid: () => ApiError): Promise<Confirmed> {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: row.userId },
    select: { id: true, email: true, emailVerified: true, disabledAt: true },
  });
  if (row.email !== user.email) throw invalid();
  // An admin shut this address: no sign-up code confirms it, nor replaces it with a fresh account.
  if (user.disabledAt) throw accountDisabled();
  // Codes issued before sign-ups carried their payload belong to the sign-up that made the row.
  const registration = readRegistration(row.registration as never);
  const original = !registration || registration.original;
  const done = { purpose: "email_verification" as const, email: user.email, previousEmail: user.email };

  if (user.emailVerified) {
    if (!original) throw invalid();
    return { userId: user.id, ...done };
  }
  await tx.oneTimeToken.updateMany({
    where: { userId: user.id, purpose: "email_verification", consumedAt: null },
    data: { consumedAt: new Date() },
  });
  if (original) {
    await tx.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
    return { userId: user.id, ...done };
  }
  const userId = await replaceAccount(tx, user, registration!, client);
  return { userId, ...done };
}

/** Swaps an unconfirmed account for a confirmed one built only from `registration`. */
async function replaceAccount(tx: Tx, old: { id: string; email: string }, registration: RegistrationPayload, client: ClientInfo) {
  await discardUnconfirmedAccount(tx, old.id);
  const now = new Date();
  const user = await tx.user.create({
    data: {
      email: old.email,
      name: registration.name,
      firstName: registration.firstName,
      lastName: registration.lastName,
      passwordHash: registration.passwordHash,
      emailVerified: now,
      passwordChangedAt: now,
    },
    select: { id: true },
  });
  await createOrganizationWithOwner(tx, { name: defaultOrganizationName(registration), ownerId: user.id, client });
  return user.id;
}
