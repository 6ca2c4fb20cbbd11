import "server-only";
import { emitAfter } from "@/lib/events/emit";
import { organizationIfMember } from "@/lib/events/audience";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { clear, limitFailures } from "@/lib/security/rate-limit";

// Wrong second-factor codes count per account with back-off (5 in 5 minutes, 15 in an hour),
// apart from wrong passwords, so a code guesser cannot lock the password out, nor the reverse.
// Each try is taken from the allowance before the code is checked (limitFailures), so codes sent
// at the same moment cannot all slip under it.

export async function countingWrongCodes<T>(userId: string, attempt: () => Promise<T>, onWrongCode?: () => Promise<void>): Promise<T> {
  const result = await limitFailures(
    [
      ["mfaFailuresPerAccountShort", userId],
      ["mfaFailuresPerAccountLong", userId],
    ],
    async () => {
      try {
        return await attempt();
      } catch (error) {
        if (error instanceof ApiError && error.code === "invalid_code") await onWrongCode?.();
        throw error;
      }
    },
  );
  await clear("mfaFailuresPerAccountShort", userId);
  return result;
}

/**
 * Writes mfa.failed for a refused code or passkey. The organization is the one the sign-in would
 * open (or the session's), but only while the person still belongs to it: it may have been
 * deleted, or they removed, while the second step was pending. A failed write is logged, never
 * thrown: it must not turn a counted guess into an error that gives the guess back.
 */
export async function recordFailedSecondFactor(userId: string, organizationId: string | null, client: ClientInfo, method: string) {
  const inOrganization = await organizationIfMember(userId, organizationId).catch(() => null);
  await emitAfter({ type: "mfa.failed", organizationId: inOrganization, actorId: userId, client, metadata: { method } });
}
