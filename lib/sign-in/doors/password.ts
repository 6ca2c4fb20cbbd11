import "server-only";

// The password door (POST /api/auth/login; the browser form reuses `authenticate`).
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { afterResponse } from "@/lib/http/after-response";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { emit } from "@/lib/events/emit";
import { verifyPasswordOrDummy } from "@/lib/auth/passwords";
import { firstMembership } from "@/lib/db/statements/memberships";
import { loginUser } from "@/lib/db/statements/users";
import { clear, limitFailures, type LimitKey } from "@/lib/security/rate-limit";
import type { LoginInput } from "@/lib/validation/auth";
import { signInApiClient } from "@/lib/sign-in/gate";
import { enforceMfaPolicyOnSignIn } from "@/lib/mfa/policy";
import { organizationForNewSession } from "@/lib/sign-in/organization";
import { needsRehash, rehashAtCurrentCost } from "@/lib/accounts/password-rehash";

/** Wrong passwords count per client address and per account (keyed by the address typed). */
const loginLimits = (email: string, client: ClientInfo): LimitKey[] => [
  ["loginFailuresPerClient", client.ip],
  ["loginFailuresPerAccountShort", email],
  ["loginFailuresPerAccountLong", email],
];

/**
 * Checks the password; the same path runs whether or not the account exists (a dummy hash
 * stands in), so neither the answer nor its timing tells them apart. Each attempt is taken from
 * the per-client and per-account allowances before the password is checked and given back when
 * it was right (limitFailures), so simultaneous guesses cannot outrun a lockout; once either is
 * spent, attempts get 429 without the password being checked at all, so a lockout reveals
 * nothing about the password.
 */
export async function authenticate(input: { email: string; password: string }, client: ClientInfo) {
  let refusedUserId: string | undefined;
  const user = await limitFailures(loginLimits(input.email, client), async () => {
    // The epoch is read with the hash it vouches for (startSession compares it).
    const found = await loginUser(input.email);
    if (!(await verifyPasswordOrDummy(input.password, found?.passwordHash)) || !found) {
      refusedUserId = found?.id;
      throw new ApiError("invalid_credentials", "The email or password is incorrect.");
    }
    return found;
  }).catch((error: unknown) => {
    // Written after the response, once the failure has counted: an audit write inside the
    // attempt could turn a wrong guess into an error that gives the attempt back, and one before
    // the answer would make a wrong password for a real account slower than for an unknown one.
    const userId = refusedUserId;
    if (userId) {
      afterResponse("login.failed audit", async () => {
        const organizationId = await firstMembership(userId);
        await emit(db(), { type: "login.failed", organizationId, actorId: userId, client, metadata: { reason: "wrong_password" } });
      });
    }
    throw error;
  });
  await clear("loginFailuresPerAccountShort", input.email);
  const { passwordHash } = user;
  if (passwordHash && needsRehash(passwordHash)) {
    afterResponse("password rehash", () => rehashAtCurrentCost(user.id, passwordHash, input.password));
  }
  if (!user.emailVerified && config().EMAIL_CONFIRMATION_REQUIRED) {
    throw new ApiError("email_not_verified", "Confirm your email address first: enter the code we sent, or request a new one.");
  }
  return user;
}

export async function login(input: LoginInput, client: ClientInfo) {
  const user = await authenticate(input, client);
  const organizationId = await organizationForNewSession(user.id, input.organizationId);
  // Named explicitly, the organization's two-factor policy applies as switch-org applies it.
  if (input.organizationId) await enforceMfaPolicyOnSignIn(user.id, organizationId);
  return signInApiClient({ userId: user.id, organizationId, client, via: "password", credentialEpoch: user.credentialEpoch });
}
