import "server-only";
import { isMember } from "@/lib/db/statements/memberships";

/**
 * The organization whose log may show a person's own act: `organizationId` while they still
 * belong to it, else none (the event is kept for operators only). A removed member must not be
 * able to write into the log of an organization they have left.
 */
export async function organizationIfMember(userId: string, organizationId: string | null): Promise<string | null> {
  if (!organizationId) return null;
  return (await isMember(userId, organizationId)) ? organizationId : null;
}
