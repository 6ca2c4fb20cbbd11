import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { auditPage } from "@/lib/db/statements/audit-events";
import { decodeCursor, pageOf } from "@/lib/http/cursor";
import { requireOrganizationAccess, type OrgRef } from "@/lib/organizations/context";

// An organization's audit log, newest first, with keyset pagination on (createdAt, id).

export async function listAuditEvents(principal: Principal, ref: OrgRef, page: { cursor?: string; limit: number }) {
  const access = await requireOrganizationAccess(principal, ref, "audit_log", "read");
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  // Plain SQL (lib/db/statements), as the log is polled by API clients.
  return pageOf(await auditPage(access.organization.id, after, page.limit + 1), page.limit);
}
