import "server-only";
import { displayName } from "@/lib/accounts/profile";
import { sendSecondFactorNotice } from "@/lib/accounts/security-notices";
import { emitToMemberships } from "@/lib/events/emit";
import type { EventType } from "@/lib/events/types";
import { db, type Tx } from "@/lib/db/client";
import type { SecondFactorChange } from "@/emails/second-factor-notice";
import type { ClientInfo } from "@/lib/http/client-info";

// Every factor added or removed and every recovery code used is written to the person's
// organizations' audit logs and told to their address.

const EVENT: Record<SecondFactorChange, EventType> = {
  totp_added: "mfa.enabled",
  totp_removed: "mfa.disabled",
  passkey_added: "passkey.added",
  passkey_removed: "passkey.removed",
  recovery_code_used: "mfa.recovery_code_used",
  recovery_codes_regenerated: "mfa.recovery_codes_regenerated",
  reset_by_admin: "admin.mfa_reset",
};

/** The audit entries, inside the transaction that made the change. */
export async function auditFactorChange(
  tx: Tx,
  userId: string,
  change: SecondFactorChange,
  client: ClientInfo,
  metadata: Record<string, string> = {},
) {
  await emitToMemberships(tx, userId, { type: EVENT[change], client, metadata });
}

/** The notice email, once the change is committed (a failed notice is logged, never thrown). */
export async function tellOwner(userId: string, change: SecondFactorChange) {
  const user = await db().user.findUnique({ where: { id: userId }, select: { email: true, name: true, firstName: true, lastName: true } });
  if (user) await sendSecondFactorNotice(user.email, displayName(user), change);
}

/** Both, for a change that happened outside a transaction of its own (a recovery code spent). */
export async function notifyFactorChange(userId: string, change: SecondFactorChange, client: ClientInfo) {
  await db().$transaction((tx) => auditFactorChange(tx, userId, change, client));
  await tellOwner(userId, change);
}
