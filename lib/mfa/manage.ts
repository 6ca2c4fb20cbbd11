import "server-only";
import { refuseWhileImpersonating } from "@/lib/auth/impersonation";
import type { Principal } from "@/lib/auth/principal";
import { cancelPendingSignIns } from "@/lib/sessions/end";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { conflict } from "@/lib/http/errors";
import { disableTotp, enableTotp, mfaStatus, replaceRecoveryCodes, setUpTotp } from "./factors";
import { lockAccountFactors, raiseEnrollingSession, requireAal2IfFactorInTx, requireFactorChangeRights } from "./factor-changes";
import { settleSessionsAfterRemoval, signOutOtherSessions } from "./factor-sessions";
import { countingWrongCodes } from "./limits";
import { auditFactorChange, tellOwner } from "./notices";

// Adding and removing factors from a signed-in session. Adding (setup) and removing need the
// step-up window; a new factor does nothing until a code confirms it. Both take the account's
// factor lock (as passkeys do), and both may sign every other session out.

/** The API's `signOutOtherSessions: true`, the pages' "sign out other sessions" box. */
export interface FactorChangeOptions {
  signOutOtherSessions?: boolean;
}

type UserPrincipal = Extract<Principal, { kind: "user" }>;

/** POST /api/auth/mfa/totp/setup: a pending app; the secret is returned this once. */
export async function beginTotpSetup(principal: UserPrincipal) {
  await requireFactorChangeRights(principal);
  const user = await db().user.findUniqueOrThrow({ where: { id: principal.userId }, select: { email: true } });
  return setUpTotp(principal.userId, user.email);
}

/** POST /api/auth/mfa/totp/enable: the first code turns it on; recovery codes when it is the first factor. */
export async function confirmTotp(
  principal: UserPrincipal,
  code: string,
  client: ClientInfo,
  options: FactorChangeOptions = {},
): Promise<{ recoveryCodes?: string[] }> {
  refuseWhileImpersonating(principal, "second factors");
  const recoveryCodes = await countingWrongCodes(principal.userId, () =>
    db().$transaction(async (tx) => {
      // A passkey registered at the same moment must not also see "no factor yet": one set of codes.
      await lockAccountFactors(tx, principal.userId);
      await requireAal2IfFactorInTx(tx, principal);
      const codes = await enableTotp(tx, principal.userId, code);
      // The first factor, just used on this session: it becomes aal2 (a later one needs aal2 already).
      if (codes) await raiseEnrollingSession(tx, principal.sessionId, "otp");
      if (options.signOutOtherSessions) await signOutOtherSessions(tx, principal.userId, principal.sessionId);
      await auditFactorChange(tx, principal.userId, "totp_added", client);
      return codes;
    }),
  );
  await tellOwner(principal.userId, "totp_added");
  return recoveryCodes ? { recoveryCodes } : {};
}

/** DELETE /api/auth/mfa/totp: sessions that used the app end (lib/mfa/factor-sessions.ts). */
export async function removeTotp(principal: UserPrincipal, client: ClientInfo, options: FactorChangeOptions = {}) {
  await requireFactorChangeRights(principal);
  const removed = await db().$transaction(async (tx) => {
    await lockAccountFactors(tx, principal.userId);
    const wasEnabled = Boolean(
      (await tx.totpFactor.findUnique({ where: { userId: principal.userId }, select: { enabledAt: true } }))?.enabledAt,
    );
    const gone = await disableTotp(tx, principal.userId);
    await cancelPendingSignIns(tx, principal.userId);
    if (wasEnabled) {
      await settleSessionsAfterRemoval(tx, {
        userId: principal.userId,
        callerSessionId: principal.sessionId,
        methods: ["otp"],
        ...options,
      });
    }
    if (gone) await auditFactorChange(tx, principal.userId, "totp_removed", client);
    return gone;
  });
  if (removed) await tellOwner(principal.userId, "totp_removed");
}

/** POST /api/auth/mfa/recovery-codes: ten new codes; the old ones stop working. */
export async function regenerateRecoveryCodes(principal: UserPrincipal, client: ClientInfo) {
  await requireFactorChangeRights(principal);
  const recoveryCodes = await db().$transaction(async (tx) => {
    if (!(await mfaStatus(principal.userId, tx)).enabled) throw conflict("Turn on a second factor first: recovery codes back one up.");
    const codes = await replaceRecoveryCodes(tx, principal.userId);
    await auditFactorChange(tx, principal.userId, "recovery_codes_regenerated", client);
    return codes;
  });
  await tellOwner(principal.userId, "recovery_codes_regenerated");
  return { recoveryCodes };
}
