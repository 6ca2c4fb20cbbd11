import "server-only";
import { ApiError } from "@/lib/http/errors";
import { clear, ensureNotLimited, record } from "@/lib/security/rate-limit";

// Wrong second-factor codes count per account with back-off (5 in 5 minutes, 15 in an hour),
// apart from wrong passwords, so a code guesser cannot lock the password out, nor the reverse.

const ACCOUNT_LIMITS = ["mfaFailuresPerAccountShort", "mfaFailuresPerAccountLong"] as const;

export async function countingWrongCodes<T>(userId: string, attempt: () => Promise<T>, onWrongCode?: () => Promise<void>): Promise<T> {
  for (const limit of ACCOUNT_LIMITS) await ensureNotLimited(limit, userId);
  try {
    const result = await attempt();
    await clear("mfaFailuresPerAccountShort", userId);
    return result;
  } catch (error) {
    if (error instanceof ApiError && error.code === "invalid_code") {
      await Promise.all(ACCOUNT_LIMITS.map((limit) => record(limit, userId)));
      await onWrongCode?.();
    }
    throw error;
  }
}
