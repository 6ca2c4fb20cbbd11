import "server-only";
import type { OrgRef } from "./context";

// The one HTTP-aware piece of the organization modules: route handlers turn a request into the
// plain OrgRef the rest of lib/organizations takes (server actions build their own).

export function orgRefFrom(request: Request, orgId: string, query: { org?: string }): OrgRef {
  return { orgId, headerOrgId: request.headers.get("x-organization-id"), slug: query.org ?? null };
}
