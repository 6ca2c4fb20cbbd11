import { listAuditEvents } from "@/lib/audit/list";
import { orgRefFrom } from "@/lib/organizations/request";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/organizations/{orgId}/audit-log", async ({ principal, params, query, request }) => ({
    json: await listAuditEvents(principal, orgRefFrom(request, params.orgId, query), { cursor: query.cursor, limit: query.limit }),
  })),
});
