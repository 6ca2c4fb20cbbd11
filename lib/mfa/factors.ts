import "server-only";
import { db, type Tx } from "@/lib/db/client";
import { factorMethods, hasSecondFactor as hasSecondFactorStatement } from "@/lib/db/statements/factors";
import { ApiError, conflict } from "@/lib/http/errors";
import { open, seal } from "./secret-box";
import { matchingStep, newTotpSecret, otpauthUrl } from "./totp";
import { newRecoveryCodes } from "./recovery-codes";
import { findRecoveryCode, sealRecoveryCode } from "./recovery-digests";
import { openingSealed } from "./unopenable";

// The second factors a person holds, and checking a code against them. Every "use" is a
// conditional UPDATE, so the same code sent in two requests at the same moment is accepted once.

export const TOTP_ISSUER = "Keystone Auth";

export type SecondFactorMethod = "totp" | "recovery_code" | "passkey";

export interface MfaStatus {
  enabled: boolean;
  totp: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
}

/** GET /api/auth/mfa: which factors are on (a pending, unconfirmed TOTP does not count). */
export async function mfaStatus(userId: string, client: Tx | ReturnType<typeof db> = db()): Promise<MfaStatus> {
  const [totp, passkeys, recoveryCodesLeft] = await Promise.all([
    client.totpFactor.findUnique({ where: { userId }, select: { enabledAt: true } }),
    client.passkey.count({ where: { userId } }),
    client.recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  const totpOn = Boolean(totp?.enabledAt);
  return { enabled: totpOn || passkeys > 0, totp: totpOn, passkeys, recoveryCodesLeft };
}

export { hasSecondFactorSql } from "@/lib/db/statements/factors";

/** The methods a second step may use, for the `methods` member of mfa_required. */
export async function secondFactorMethods(userId: string): Promise<SecondFactorMethod[]> {
  const row = await factorMethods(userId);
  const methods: SecondFactorMethod[] = [];
  if (row?.totp) methods.push("totp");
  if (row?.passkey) methods.push("passkey");
  // Recovery codes stand in for a factor; with none left on, they open nothing.
  if ((row?.totp || row?.passkey) && row.recoveryCode) methods.push("recovery_code");
  return methods;
}

/** Runs on every request to an organization that requires two factors. */
export const hasSecondFactor = (userId: string) => hasSecondFactorStatement(userId);

/** What a sealed TOTP secret is bound to: its owner's row (lib/mfa/secret-box.ts). */
export const totpContext = (userId: string) => `totp:${userId}`;

/** Starts (or restarts) a pending authenticator-app enrolment; the secret is shown this once. */
export async function setUpTotp(userId: string, email: string) {
  const existing = await db().totpFactor.findUnique({ where: { userId }, select: { enabledAt: true } });
  if (existing?.enabledAt) throw conflict("An authenticator app is already set up: remove it first to set up another.");
  const secret = newTotpSecret();
  await db().totpFactor.upsert({
    where: { userId },
    create: { userId, secretEncrypted: seal(secret, totpContext(userId)) },
    update: { secretEncrypted: seal(secret, totpContext(userId)), lastUsedStep: null, createdAt: new Date() },
  });
  return { secret, otpauthUrl: otpauthUrl(secret, email, TOTP_ISSUER) };
}

const invalidCode = () => new ApiError("invalid_code", "The code is wrong or was already used.");

/**
 * Confirms the pending app with a code. Returns fresh recovery codes when this is the person's
 * first factor (null otherwise). Runs inside the caller's transaction.
 */
export async function enableTotp(tx: Tx, userId: string, code: string): Promise<string[] | null> {
  const pending = await tx.totpFactor.findUnique({ where: { userId } });
  if (!pending) throw conflict("Set up an authenticator app first (POST /api/auth/mfa/totp/setup).");
  if (pending.enabledAt) throw conflict("The authenticator app is already enabled.");
  const secret = openingSealed(userId, "totp", () => open(pending.secretEncrypted, totpContext(userId)));
  const step = matchingStep(secret, code);
  if (step === null) throw invalidCode();
  const hadFactor = (await mfaStatus(userId, tx)).enabled;
  const enabled = await tx.totpFactor.updateMany({
    where: { userId, enabledAt: null },
    data: { enabledAt: new Date(), lastUsedStep: BigInt(step) },
  });
  if (enabled.count === 0) throw conflict("The authenticator app is already enabled.");
  return hadFactor ? null : replaceRecoveryCodes(tx, userId);
}

/** Removes the app; with no factor left, the recovery codes go too (nothing left to recover). */
export async function disableTotp(tx: Tx, userId: string): Promise<boolean> {
  const removed = await tx.totpFactor.deleteMany({ where: { userId } });
  if (!(await mfaStatus(userId, tx)).enabled) await tx.recoveryCode.deleteMany({ where: { userId } });
  return removed.count > 0;
}

/** Issues 10 new recovery codes; the old ones stop working in the same transaction. */
export async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: sealRecoveryCode(userId, code) })) });
  return codes;
}

export type SecondFactorProof = { code: string } | { recoveryCode: string };
export type UsedFactor = "totp" | "recovery_code";

/**
 * Checks a TOTP code (newer than the last accepted step, so never twice) or an unused recovery
 * code, and spends it. Throws invalid_code otherwise; counting failures is the caller's job.
 */
export async function useSecondFactor(userId: string, proof: SecondFactorProof): Promise<UsedFactor> {
  if ("recoveryCode" in proof) {
    // Sealed digests cannot be looked up by value: the person's unused codes (ten at most) are
    // opened and compared (lib/mfa/recovery-digests.ts).
    const unused = await db().recoveryCode.findMany({ where: { userId, usedAt: null }, select: { id: true, codeHash: true } });
    const row = openingSealed(userId, "recovery_code", () => findRecoveryCode(userId, proof.recoveryCode, unused));
    if (!row) throw invalidCode();
    const spent = await db().recoveryCode.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } });
    if (spent.count === 0) throw invalidCode();
    return "recovery_code";
  }
  const factor = await db().totpFactor.findUnique({ where: { userId } });
  if (!factor?.enabledAt) throw invalidCode();
  const secret = openingSealed(userId, "totp", () => open(factor.secretEncrypted, totpContext(userId)));
  const step = matchingStep(secret, proof.code);
  if (step === null) throw invalidCode();
  // Only a step newer than the last accepted one: a replayed code, or the same code racing in
  // a second request, finds no row to update.
  const accepted = await db().totpFactor.updateMany({
    where: { userId, enabledAt: { not: null }, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: BigInt(step) } }] },
    data: { lastUsedStep: BigInt(step) },
  });
  if (accepted.count === 0) throw invalidCode();
  return "totp";
}
