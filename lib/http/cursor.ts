import { ApiError } from "./errors";

// Keyset cursors on (createdAt, id), the order of every paginated list (the audit log, webhook
// deliveries): stable while new rows arrive, and cheap on a (…, createdAt desc, id desc) index.

export interface Cursor {
  createdAt: Date;
  id: string;
}

export const encodeCursor = (c: Cursor) => Buffer.from(`${c.createdAt.toISOString()}|${c.id}`).toString("base64url");

/** Cursors we issue name a UUID and a time since 2000: anything else is refused, not queried. */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(10000, 0, 1);

export function decodeCursor(raw: string): Cursor {
  const [iso, id, ...rest] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  const time = createdAt.getTime();
  if (!id || rest.length > 0 || !/^[A-Za-z0-9-]{1,64}$/.test(id) || Number.isNaN(time) || time < EARLIEST || time >= LATEST) {
    throw new ApiError("validation_failed", "The request has invalid fields.", { errors: { cursor: ["This cursor is not valid."] } });
  }
  return { createdAt, id };
}

/** One page from `limit + 1` rows: the extra row only tells that there is a next page. */
export function pageOf<Row extends Cursor>(rows: Row[], limit: number): { items: Row[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
