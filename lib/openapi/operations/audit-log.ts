import * as orgs from "@/lib/validation/organizations";
import * as out from "../schemas";
import type { Rows } from ".";

// An organization's audit log. Row format: index.ts.
export const AUDIT_LOG = {
  "get /api/organizations/{orgId}/audit-log": {
    summary: "Read the audit log",
    description:
      "Security events of the organization, newest first, `?limit=` (1–100, default 50) and `?cursor=` from the previous page's `nextCursor`.",
    auth: "any",
    query: orgs.auditLogQuerySchema,
    ok: [200, "A page of entries.", out.pageOf(out.auditEntrySchema)],
  },
} as const satisfies Rows;
