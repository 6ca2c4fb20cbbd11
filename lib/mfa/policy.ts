import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/http/errors";
import { hasSecondFactor } from "./factors";

// An organization's "require two-factor authentication" policy, checked by the one authorization
// point (requireMembership) after membership, so every organization route, page and action, and
// switching into the organization, obey it. A sign-in that names the organization
// (login `organizationId`) and a refresh of a session in it answer the same way, so no door lands
// a factor-less or aal1 session there. API keys are not people: the policy does not apply.

interface Policy {
  name: string;
  requireMfa: boolean;
}

/** The refusal the policy owes a person with (or without) a factor at `aal`, or null. */
export function mfaPolicyRefusal(organization: Policy, person: { hasFactor: boolean; aal: "aal1" | "aal2" }): ApiError | null {
  if (!organization.requireMfa) return null;
  if (!person.hasFactor) {
    return new ApiError(
      "mfa_enrollment_required",
      `${organization.name} requires two-factor authentication: set up an authenticator app in your profile to continue.`,
    );
  }
  if (person.aal !== "aal2") {
    return new ApiError(
      "mfa_required",
      `${organization.name} requires two-factor authentication: confirm a code from your authenticator app (POST /api/auth/mfa/verify) to continue.`,
    );
  }
  return null;
}

export async function enforceMfaPolicy(principal: Principal, organization: Policy): Promise<void> {
  if (!organization.requireMfa || principal.kind !== "user") return;
  const refusal = mfaPolicyRefusal(organization, { hasFactor: await hasSecondFactor(principal.userId), aal: principal.aal });
  if (refusal) throw refusal;
}

/**
 * A password sign-in that names `organizationId` (POST /api/auth/login): an account without a
 * factor is refused as switch-org refuses it; with one, the second step it is owed raises the
 * session to aal2, so it passes.
 */
export async function enforceMfaPolicyOnSignIn(userId: string, organizationId: string | null): Promise<void> {
  if (!organizationId) return;
  const organization = await db().organization.findUnique({ where: { id: organizationId }, select: { name: true, requireMfa: true } });
  if (!organization?.requireMfa) return;
  const hasFactor = await hasSecondFactor(userId);
  const refusal = mfaPolicyRefusal(organization, { hasFactor, aal: hasFactor ? "aal2" : "aal1" });
  if (refusal) throw refusal;
}
