import "server-only";
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
