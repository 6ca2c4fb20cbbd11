import "server-only";
import type pg from "pg";
import type { Organization } from "@/lib/generated/prisma/client";
import type { RoleName } from "@/lib/organizations/permissions";
import { sql, type Executor } from "../sql";
import { CHECK_COLUMNS, PREFIXED_CHECK_COLUMNS, sessionOf, type SessionCheckRow } from "./auth-sessions";

// organizations, with the caller's membership: the access statement every organization request
// starts with (lib/organizations/context.ts decides on what it finds).

export type AccessRow = Pick<Organization, "id" | "name" | "slug" | "requireMfa" | "createdAt" | "updatedAt"> & {
  role: RoleName | null;
  /** The organization enforces SSO for the user's address (an enforced connection and the address at a verified domain). */
  ssoEnforced: boolean;
};

/**
 * The organization an id or slug names ($1 as given, $2 lowercased), with the role of the user $3
 * in it (null when not a member, or for an API key), as the CTE `access`. An id wins over a slug;
 * ids are UUIDs and slugs may not look like one, so the two never collide anyway.
 */
const ACCESS_CTE = `access AS (
  SELECT o.id, o.name, o.slug, o."requireMfa", o."createdAt", o."updatedAt", m.role,
         (EXISTS (SELECT 1 FROM sso_connections c WHERE c."organizationId" = o.id AND c.enforced)
          AND EXISTS (SELECT 1 FROM users u JOIN organization_domains d
                        ON d."organizationId" = o.id AND d.status = 'verified' AND d.domain = split_part(u.email, '@', 2)
                       WHERE u.id = $3)) AS "ssoEnforced"
    FROM organizations o
    LEFT JOIN memberships m ON m."organizationId" = o.id AND m."userId" = $3
   WHERE o.id = $1 OR o.slug = $2
   ORDER BY o.id = $1 DESC
   LIMIT 1)`;

const ACCESS_COLUMNS = ["id", "name", "slug", "requireMfa", "createdAt", "updatedAt", "role", "ssoEnforced"] as const;

const PREFIXED_ACCESS_COLUMNS = ACCESS_COLUMNS.map((c) => `access."${c}" AS "access.${c}"`).join(", ");

/** The access row out of a row selected with PREFIXED_ACCESS_COLUMNS; undefined when no organization was found. */
const accessOf = (row: Record<string, unknown>): AccessRow | undefined =>
  row["access.id"] == null ? undefined : (Object.fromEntries(ACCESS_COLUMNS.map((c) => [c, row[`access.${c}`]])) as AccessRow);

/**
 * The read's own rows: those `listed`, without the prefixed columns read beside them (the read's
 * columns never contain a dot).
 */
const listedRows = <Row extends pg.QueryResultRow>(result: Record<string, unknown>[]): Row[] =>
  result
    .filter((row) => row.listed)
    .map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => key !== "listed" && !key.includes("."))) as Row);

export async function organizationAccess(named: string, userId: string | null): Promise<AccessRow | undefined> {
  const [row] = await sql<AccessRow>("organization_access", `WITH ${ACCESS_CTE} SELECT * FROM access`, [
    named,
    named.toLowerCase(),
    userId,
  ]);
  return row;
}

/** A read of an organization's rows made in the access statement (memberships.ts has them). */
export interface OrganizationRead<Row extends pg.QueryResultRow> {
  /** The statement's name (lib/db/sql.ts). */
  name: string;
  /** The read's SELECT, given the organization's id as an SQL expression. */
  select: (organizationId: string) => string;
  /** ORDER BY of the read, over its columns as `list."column"`. */
  orderBy: string;
  /** Never set: it carries the row's type. */
  row?: Row;
}

/**
 * The access row and one read of the organization's rows, in one statement. The read runs only
 * where the caller reaches the organization: a member, or `keyOrganizationId` is the key's own
 * organization. The access columns get a prefix so they never collide with the read's own;
 * `listed` tells the read's rows from the one row a caller without reach (or an empty read) gets.
 */
export async function organizationAccessWithRead<Row extends pg.QueryResultRow>(
  named: string,
  userId: string | null,
  keyOrganizationId: string | null,
  read: OrganizationRead<Row>,
): Promise<{ access: AccessRow | undefined; rows: Row[] }> {
  const result = await sql<Record<string, unknown>>(
    read.name,
    `WITH ${ACCESS_CTE}
     SELECT ${PREFIXED_ACCESS_COLUMNS}, list.*
       FROM access
       LEFT JOIN LATERAL (
         SELECT true AS listed, read.* FROM (${read.select("access.id")}) read
          WHERE access.role IS NOT NULL OR access.id = $4) list ON true
      ORDER BY ${read.orderBy}`,
    [named, named.toLowerCase(), userId, keyOrganizationId],
  );
  return { access: result[0] && accessOf(result[0]), rows: listedRows<Row>(result) };
}

/** What sessionCheckWithOrganizationRead found for a session whose check passed its guard. */
export interface OrganizationReadFound<Row extends pg.QueryResultRow> {
  /** Whose read, of which id or slug, and which read: a caller uses the rows only for the same three. */
  userId: string;
  named: string;
  read: OrganizationRead<Row>;
  access: AccessRow | undefined;
  rows: Row[];
}

/**
 * The session check (auth_sessions.ts) and a member's read of an organization in one statement:
 * a Bearer request to the members list pays one round trip instead of two. The organization is
 * read only when the session is user $3's, not revoked and not expired (the check's own guard:
 * lib/sessions/check.ts decides again on the session columns), and its rows only where that user
 * is a member; the caller hands them out only after every check has passed.
 */
export async function sessionCheckWithOrganizationRead<Row extends pg.QueryResultRow>(
  sessionId: string,
  userId: string,
  named: string,
  read: OrganizationRead<Row>,
): Promise<{ session: SessionCheckRow; found: OrganizationReadFound<Row> } | undefined> {
  const result = await sql<Record<string, unknown>>(
    `session_check_${read.name}`,
    `WITH c AS (SELECT ${CHECK_COLUMNS} FROM auth_sessions s WHERE s.id = $4),
          ${ACCESS_CTE}
     SELECT ${PREFIXED_CHECK_COLUMNS}, ${PREFIXED_ACCESS_COLUMNS}, list.*
       FROM c
       LEFT JOIN access ON c."userId" = $3 AND c."revokedAt" IS NULL AND c.live
       LEFT JOIN LATERAL (
         SELECT true AS listed, read.* FROM (${read.select("access.id")}) read
          WHERE access.role IS NOT NULL) list ON true
      ORDER BY ${read.orderBy}`,
    [named, named.toLowerCase(), userId, sessionId],
  );
  if (!result[0]) return undefined;
  return { session: sessionOf(result[0]), found: { userId, named, read, access: accessOf(result[0]), rows: listedRows<Row>(result) } };
}

/**
 * Inserts an organization unless its slug is taken (no row then). ON CONFLICT, not a
 * look-then-insert: two sign-ups with the same name race for the same slug, and a unique
 * violation would abort the caller's whole transaction.
 */
export async function insertOrganizationIfSlugFree(
  tx: Executor,
  values: { id: string; name: string; slug: string },
): Promise<string | undefined> {
  const [row] = await sql<Pick<Organization, "id">>(
    "organization_insert",
    `INSERT INTO organizations (id, name, slug, "createdAt", "updatedAt")
     VALUES ($1, $2, $3, (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC'))
     ON CONFLICT (slug) DO NOTHING
     RETURNING id`,
    [values.id, values.name, values.slug],
    tx,
  );
  return row?.id;
}

/** Before deleting an organization: its sessions move to each person's next organization, or none. */
export async function moveSessionsOutOf(tx: Executor, organizationId: string): Promise<void> {
  await sql(
    "sessions_leave_organization",
    `UPDATE auth_sessions s
        SET "organizationId" = (
          SELECT m."organizationId" FROM memberships m
           WHERE m."userId" = s."userId" AND m."organizationId" <> $1
           ORDER BY m."createdAt" ASC LIMIT 1)
      WHERE s."organizationId" = $1`,
    [organizationId],
    tx,
  );
}
