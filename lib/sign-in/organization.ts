import "server-only";
import { isMember, landingOrganization } from "@/lib/db/statements/memberships";
import { ApiError } from "@/lib/http/errors";
import { isPlausibleRef } from "@/lib/organizations/context";

/**
 * The organization a new session starts in: the one asked for (if a member), else the first joined
 * whose two-factor policy the account can meet (landingOrganization).
 */
export async function organizationForNewSession(userId: string, requested?: string): Promise<string | null> {
  if (!requested) return landingOrganization(userId);
  // An id of another shape names no organization (and NUL and the like reach no query).
  if (!isPlausibleRef(requested) || !(await isMember(userId, requested))) {
    throw new ApiError("not_a_member", "You are not a member of that organization.");
  }
  return requested;
}
