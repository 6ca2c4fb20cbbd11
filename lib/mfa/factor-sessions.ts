import "server-only";
import { revokeUserSessions } from "@/lib/sessions/end";
import type { Tx } from "@/lib/db/client";

// What a change of factors does to the account's other sessions. A session keeps only what the
// factors behind it still back: removing a factor ends every other session that used it (its amr
// names the factor's method), and a session left with no factor behind its aal2 falls to aal1.
// Otherwise a session opened with a phished code, or a lost device's passkey, would outlive the
// factor's removal and could swap in its holder's own factor (issue 23, API.md "Factor changes
// and other sessions").

/** A factor's RFC 8176 method, as sessions record it in their amr. */
export type FactorMethod = "otp" | "hwk" | "swk";

/** A passkey's method: hwk when bound to one device, swk when synced (lib/sign-in/gate.ts). */
export const passkeyMethod = (deviceType: string): FactorMethod => (deviceType === "multiDevice" ? "swk" : "hwk");

/** Both passkey methods: which one a session names depends on flags of each assertion. */
export const PASSKEY_METHODS: FactorMethod[] = ["hwk", "swk"];

/** The methods the account's remaining factors back (any passkey backs both passkey methods). */
async function remainingMethods(tx: Tx, userId: string): Promise<FactorMethod[]> {
  const [totp, passkeys] = await Promise.all([
    tx.totpFactor.findFirst({ where: { userId, enabledAt: { not: null } }, select: { userId: true } }),
    tx.passkey.count({ where: { userId } }),
  ]);
  return [...(totp ? (["otp"] as const) : []), ...(passkeys > 0 ? PASSKEY_METHODS : [])];
}

/**
 * After a factor whose amr methods are `methods` was removed by `callerSessionId` (inside the
 * removal's transaction, after the account's factor lock): every other session whose amr names
 * one of them ends; the caller's session, when it used one, and every session with no remaining
 * factor behind its aal2, fall to aal1. With `signOutOtherSessions`, every other session ends.
 *
 * The account's credential epoch moves first, so a second step or a step-up that checked a code of
 * the removed factor just before cannot open or raise a session just after (startSession and
 * raiseSessionIfUnchanged compare it under a share lock of the account row).
 */
export async function settleSessionsAfterRemoval(
  tx: Tx,
  input: { userId: string; callerSessionId: string; methods: FactorMethod[]; signOutOtherSessions?: boolean },
) {
  const { userId, callerSessionId, methods } = input;
  if (input.signOutOtherSessions) {
    await revokeUserSessions(tx, userId, "signed_out_on_factor_change", { except: callerSessionId });
  } else {
    await tx.user.updateMany({ where: { id: userId }, data: { credentialEpoch: { increment: 1 } } });
    await tx.authSession.updateMany({
      where: { userId, revokedAt: null, id: { not: callerSessionId }, amr: { hasSome: methods } },
      data: { revokedAt: new Date(), revokedReason: "factor_removed" },
    });
  }
  const remaining = await remainingMethods(tx, userId);
  // Sessions still at aal2 whose amr names none of the remaining factors' methods (all of them
  // when no factor is left).
  const unbacked = remaining.length === 0 ? {} : { NOT: { amr: { hasSome: remaining } } };
  await tx.authSession.updateMany({
    where: { userId, revokedAt: null, aal: "aal2", OR: [{ id: callerSessionId, amr: { hasSome: methods } }, unbacked] },
    data: { aal: "aal1" },
  });
}

/**
 * Turning on a factor with "sign out other sessions" (checked by default on the page): sessions
 * opened with the password alone before the factor existed could otherwise change the password,
 * the email or create API keys.
 */
export async function signOutOtherSessions(tx: Tx, userId: string, callerSessionId: string) {
  await revokeUserSessions(tx, userId, "signed_out_on_factor_change", { except: callerSessionId });
}
