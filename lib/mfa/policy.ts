import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/errors";
import { hasSecondFactor } from "./factors";

// An organization's "require two-factor authentication" policy, checked by the one authorization
// point (requireMembership) after membership, so every organization route, page and action, and
// switching into the organization, obey it. API keys are not people: the policy does not apply.

export async function enforceMfaPolicy(principal: Principal, organization: { name: string; requireMfa: boolean }): Promise<void> {
  if (!organization.requireMfa || principal.kind !== "user") return;
  if (!(await hasSecondFactor(principal.userId))) {
    throw new ApiError(
      "mfa_enrollment_required",
      `${organization.name} requires two-factor authentication: set up an authenticator app in your profile to continue.`,
    );
  }
  if (principal.aal !== "aal2") {
    throw new ApiError(
      "mfa_required",
      `${organization.name} requires two-factor authentication: confirm a code from your authenticator app (POST /api/auth/mfa/verify) to continue.`,
    );
  }
}
