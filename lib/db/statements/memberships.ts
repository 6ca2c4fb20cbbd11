import "server-only";
import type { Membership } from "@/lib/generated/prisma/client";
import { sql, type Executor } from "../sql";
import { hasSecondFactorSql } from "./factors";
import type { OrganizationRead } from "./organizations";

// memberships.

/** The organization a person joined first: where a sign-in lands when it names none. */
export async function firstMembership(userId: string): Promise<string | null> {
  const [row] = await sql<Pick<Membership, "organizationId">>(
    "first_membership",
    `SELECT "organizationId" FROM memberships WHERE "userId" = $1 ORDER BY "createdAt" ASC, id ASC LIMIT 1`,
    [userId],
  );
  return row?.organizationId ?? null;
}

export type MemberListRow = Pick<Membership, "id" | "userId" | "role" | "createdAt"> & {
  email: string;
  name: string | null;
  firstName: string | null;
  lastName: string | null;
};

/** The members list, read in the organization's access statement (organizations.ts). */
export const membersListRead: OrganizationRead<MemberListRow> = {
  name: "members_list",
  select: (organizationId) =>
    `SELECT m.id, m."userId", m.role, m."createdAt", u.email, u.name, u."firstName", u."lastName"
       FROM memberships m JOIN users u ON u.id = m."userId"
      WHERE m."organizationId" = ${organizationId}`,
  orderBy: `list."createdAt", list.id`,
};

/**
 * Locks the organization's owner rows until the transaction ends and returns them, so two
 * concurrent demotions of two owners cannot both pass and leave none.
 */
export async function lockOwners(tx: Executor, organizationId: string): Promise<string[]> {
  const rows = await sql<Pick<Membership, "userId">>(
    "owners_lock",
    `SELECT "userId" FROM memberships WHERE "organizationId" = $1 AND role = 'owner' FOR UPDATE`,
    [organizationId],
    tx,
  );
  return rows.map((r) => r.userId);
}

export async function isMember(userId: string, organizationId: string): Promise<boolean> {
  const [row] = await sql<{ member: boolean }>(
    "is_member",
    `SELECT EXISTS (SELECT 1 FROM memberships WHERE "userId" = $1 AND "organizationId" = $2) AS member`,
    [userId, organizationId],
  );
  return row?.member ?? false;
}

/**
 * Where a sign-in that names no organization lands: the first organization joined whose
 * two-factor policy the account can meet (an account without a factor skips those that require
 * one: it could use nothing there, and a refresh there is refused), else none.
 */
export async function landingOrganization(userId: string): Promise<string | null> {
  const [row] = await sql<Pick<Membership, "organizationId">>(
    "landing_organization",
    `SELECT m."organizationId" FROM memberships m JOIN organizations o ON o.id = m."organizationId"
      WHERE m."userId" = $1 AND (NOT o."requireMfa" OR ${hasSecondFactorSql("$1")})
      ORDER BY m."createdAt" ASC, m.id ASC LIMIT 1`,
    [userId],
  );
  return row?.organizationId ?? null;
}

/**
 * A person's memberships, locked (in organization order, so two callers cannot deadlock): a role
 * change or removal of theirs waits until the caller's transaction ends (lib/admin/delete.ts).
 */
export async function lockMembershipsOf(tx: Executor, userId: string): Promise<Pick<Membership, "organizationId" | "role">[]> {
  return sql<Pick<Membership, "organizationId" | "role">>(
    "memberships_of_lock",
    `SELECT "organizationId", role FROM memberships WHERE "userId" = $1 ORDER BY "organizationId" FOR UPDATE`,
    [userId],
    tx,
  );
}
