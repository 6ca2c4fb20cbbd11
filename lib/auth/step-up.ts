import "server-only";
import { config } from "@/lib/config/env";
import { ApiError } from "@/lib/http/errors";
import { refuseWhileImpersonating } from "./impersonation";
import type { Principal } from "./principal";

/**
 * Operations that need recent proof of identity (deleting an organization, creating an API key,
 * changing the email) call this. The window is opened only by POST /api/auth/check-password.
 * An API key has no password to re-check, so it never passes.
 */
export function requireRecentStepUp(principal: Principal): void {
  // An administrator signed in as the person cannot prove to be them: the window never opens.
  refuseWhileImpersonating(principal, "security settings");
  if (principal.kind === "user" && principal.stepUpUntil && principal.stepUpUntil > new Date()) return;
  throw new ApiError(
    "reauthentication_required",
    `Confirm your password first (POST /api/auth/check-password), then retry within ${Math.round(config().STEP_UP_WINDOW_SECONDS / 60)} minutes.`,
  );
}
