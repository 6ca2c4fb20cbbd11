import "server-only";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/http/errors";
import { refuseWhileImpersonating } from "@/lib/auth/impersonation";
import { verifyPasswordOrDummy } from "@/lib/auth/passwords";
import { clear, limitFailures } from "@/lib/security/rate-limit";

// Re-checking the signed-in user's password: for POST /api/auth/check-password (which opens the
// step-up window), for change-password, and for an email change that sends its password along.
// All of them share one failure counter per user, so a stolen session cannot guess the password
// through whichever endpoint is not counted.

export const incorrectPassword = () => new ApiError("incorrect_password", "The password is incorrect.");

/**
 * Throws 403 incorrect_password for a wrong password and 429 once too many wrong ones were sent.
 * The attempt is counted before the password is checked and given back when it was right, so
 * simultaneous guesses cannot outrun the allowance; a spent allowance answers 429 without
 * checking the password, so a lockout reveals nothing.
 */
export async function verifyCurrentPassword(userId: string, password: string): Promise<void> {
  await limitFailures([["checkPasswordFailuresPerUser", userId]], async () => {
    const user = await db().user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
    // Accounts created through OAuth have no password: the dummy hash keeps the work the same.
    if (!(await verifyPasswordOrDummy(password, user?.passwordHash))) throw incorrectPassword();
  });
  await clear("checkPasswordFailuresPerUser", userId);
}

/** POST /api/auth/check-password: a correct password opens the step-up window on this session only. */
export async function checkPassword(input: {
  userId: string;
  sessionId: string;
  password: string;
  impersonatorId?: string | null;
}): Promise<{ valid: true; stepUpUntil: Date }> {
  // Refused before the password is even tried: an impersonation must not become a guessing oracle.
  refuseWhileImpersonating(input, "security settings");
  await verifyCurrentPassword(input.userId, input.password);
  const stepUpUntil = new Date(Date.now() + config().STEP_UP_WINDOW_SECONDS * 1000);
  // The session row decides too (impersonatedById), whatever the caller passed in.
  const opened = await db().authSession.updateMany({
    where: { id: input.sessionId, userId: input.userId, revokedAt: null, impersonatedById: null },
    data: { stepUpUntil },
  });
  if (opened.count === 0) throw new ApiError("unauthorized", "This session has ended; sign in again.");
  return { valid: true, stepUpUntil };
}
