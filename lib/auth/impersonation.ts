import { ApiError } from "@/lib/http/errors";
import type { Principal } from "./principal";

// An instance admin signed in as someone (POST /api/admin/users/{id}/impersonate) may look and act
// as them, every step audited with the admin beside the person, but may never change how the
// person proves who they are: password, email, second factors, passkeys, connected providers. Those
// paths call this first; the step-up window, which every other sensitive change needs, never opens
// in an impersonation session either (requireRecentStepUp, checkPassword).

export const impersonationRefusal = (what: string) =>
  new ApiError("forbidden", `You are signed in as this person by an administrator: ${what} cannot be changed in this session.`);

/** Throws 403 forbidden when the session is an impersonation (an API key never is one). */
export function refuseWhileImpersonating(principal: Principal | { impersonatorId?: string | null }, what: string): void {
  if ("impersonatorId" in principal && principal.impersonatorId) throw impersonationRefusal(what);
}
