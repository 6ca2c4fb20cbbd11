import "server-only";
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * What one sign-up submitted, stored with the confirmation code it asked for. Confirming that
 * code applies exactly this (lib/accounts/registration-confirm.ts), so the mailbox's owner never
 * ends up with a password, name or organization that someone else chose.
 *
 * `original` marks the sign-up that created the account row: confirming it keeps the account as
 * it is. Any other sign-up of the still unconfirmed address replaces the account on confirmation.
 */
export interface RegistrationPayload {
  id: string;
  original: boolean;
  passwordHash: string;
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  organizationName: string | null;
}

export function newRegistration(
  input: { name?: string; firstName?: string; lastName?: string; organizationName?: string },
  passwordHash: string,
  original: boolean,
): RegistrationPayload {
  return {
    id: randomUUID(),
    original,
    passwordHash,
    name: input.name ?? null,
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    organizationName: input.organizationName ?? null,
  };
}

export function readRegistration(value: Prisma.JsonValue | null): RegistrationPayload | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== "string" || typeof v.passwordHash !== "string") return null;
  const str = (x: unknown) => (typeof x === "string" ? x : null);
  return {
    id: v.id,
    original: v.original === true,
    passwordHash: v.passwordHash,
    name: str(v.name),
    firstName: str(v.firstName),
    lastName: str(v.lastName),
    organizationName: str(v.organizationName),
  };
}

/** The name the payload gives, as the profile shows it. */
export const registrationName = (r: Pick<RegistrationPayload, "name" | "firstName" | "lastName">) =>
  r.name ?? [r.firstName, r.lastName].filter(Boolean).join(" ");

export const defaultOrganizationName = (r: RegistrationPayload) => r.organizationName ?? `${registrationName(r)}'s Organization`;
