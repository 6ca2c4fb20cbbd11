import "server-only";
import { refuseWhileImpersonating } from "@/lib/auth/impersonation";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { raiseSessionIfUnchanged } from "@/lib/db/statements/auth-sessions";
import { ApiError } from "@/lib/http/errors";
import type { Principal } from "@/lib/auth/principal";
import type { Assurance, IssuedRefreshToken } from "@/lib/sessions/assurance";
import { replaceRefreshTokens } from "@/lib/sessions/rotate";

// Raising a signed-in session with a factor it has just used: mfa/verify with Bearer, a code
// step-up, a passkey step-up. One rule for all three:
// - the raise happens only while the account's credential epoch is the one read before the factor
//   was checked: a factor removal in between (it moves the epoch) refuses it;
// - a session that was aal1 gets a new refresh token and every earlier one is superseded, so a
//   stolen aal1-era refresh token never mints aal2 tokens.

type UserPrincipal = Extract<Principal, { kind: "user" }>;

export const withFactor = (amr: string[], method: string): string[] => [...new Set([...amr.filter((m) => m !== "mfa"), method, "mfa"])];

const overtaken = () =>
  new ApiError("conflict", "Your second factors changed while this was being checked (one was removed): sign in again, or try again.");

export interface Raised {
  assurance: Assurance;
  stepUpUntil: Date | null;
  /** The session's new refresh token, when its earlier ones were superseded (it was aal1, or `reissue`). */
  refresh: IssuedRefreshToken | null;
}

export async function raiseWithFactor(
  principal: UserPrincipal,
  input: { epoch: number | null; method: string; openWindow: boolean; reissue: boolean },
): Promise<Raised> {
  // The person's factor cannot vouch for the administrator acting as them.
  refuseWhileImpersonating(principal, "the session's assurance");
  if (input.epoch === null) throw new ApiError("unauthorized", "This session has ended; sign in again.");
  const epoch = input.epoch;
  const session = await db().authSession.findFirst({ where: { id: principal.sessionId, revokedAt: null }, select: { amr: true } });
  if (!session) throw new ApiError("unauthorized", "This session has ended; sign in again.");
  const amr = withFactor(session.amr, input.method);
  return db().$transaction(async (tx) => {
    const raised = await raiseSessionIfUnchanged(
      {
        sessionId: principal.sessionId,
        userId: principal.userId,
        epoch,
        amr,
        windowSeconds: input.openWindow ? config().STEP_UP_WINDOW_SECONDS : null,
      },
      tx,
    );
    if (!raised) throw overtaken();
    const refresh = input.reissue || raised.previousAal !== "aal2" ? await replaceRefreshTokens(tx, principal.sessionId) : null;
    return { assurance: { amr, aal: "aal2" }, stepUpUntil: raised.stepUpUntil, refresh };
  });
}
