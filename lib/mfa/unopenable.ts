import "server-only";
import { ApiError } from "@/lib/http/errors";
import { log } from "@/lib/log";
import { UnopenableSecretError } from "./secret-box";

// A sealed authenticator-app secret or recovery code that no configured key opens is the
// server's fault (a key dropped too early, a damaged row), never the caller's: the code may well
// be right. So it is not `invalid_code` (which would count as a wrong guess and lock the person
// out), and not a bare 500 either: 503 `service_unavailable` says "not you, not now", without
// Retry-After since only an operator can fix it. The log line tells the operator which key is
// missing (its kid) and whose factor, never any secret material.

export const SECOND_FACTOR_UNAVAILABLE =
  "Your second factor cannot be checked right now because of a problem on our side. Use another factor (a passkey or a recovery code) or try again later.";

/** Runs `fn`, turning an unopenable secret into that problem and an operator's log line. */
export function openingSealed<T>(userId: string, factor: "totp" | "recovery_code", fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof UnopenableSecretError)) throw error;
    log.error("mfa sealed secret cannot be opened", {
      detail: `${error.message}. Put the key back (see README, "Rotating secrets"), or remove this person's ${factor === "totp" ? "authenticator app" : "recovery codes"}.`,
      userId,
      factor,
      reason: error.reason,
      kid: error.kid,
    });
    throw new ApiError("service_unavailable", SECOND_FACTOR_UNAVAILABLE);
  }
}
