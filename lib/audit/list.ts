import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { auditPage } from "@/lib/db/statements/audit-events";
import { ApiError } from "@/lib/http/errors";
import { requireOrganizationAccess, type OrgRef } from "@/lib/organizations/context";

// An organization's audit log, newest first, with keyset pagination on (createdAt, id): stable
// while new events arrive, and cheap on the (organizationId, createdAt desc, id desc) index.

interface Cursor {
  createdAt: Date;
  id: string;
}

const encodeCursor = (c: Cursor) => Buffer.from(`${c.createdAt.toISOString()}|${c.id}`).toString("base64url");

/** Cursors we issue name a UUID and a time since 2000: anything else is refused, not queried. */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(10000, 0, 1);

function decodeCursor(raw: string): Cursor {
  const [iso, id, ...rest] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  const time = createdAt.getTime();
  if (!id || rest.length > 0 || !/^[A-Za-z0-9-]{1,64}$/.test(id) || Number.isNaN(time) || time < EARLIEST || time >= LATEST) {
    throw new ApiError("validation_failed", "The request has invalid fields.", { errors: { cursor: ["This cursor is not valid."] } });
  }
  return { createdAt, id };
}

export async function listAuditEvents(principal: Principal, ref: OrgRef, page: { cursor?: string; limit: number }) {
  const access = await requireOrganizationAccess(principal, ref, "audit_log", "read");
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  // Plain SQL (lib/db/statements), as the log is polled by API clients.
  const rows = await auditPage(access.organization.id, after, page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null };
}
