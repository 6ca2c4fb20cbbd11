import "server-only";
import type { AuditEvent, User } from "@/lib/generated/prisma/client";
import type { RoleName } from "@/lib/organizations/permissions";
import { sql } from "../sql";
import { hasSecondFactorSql } from "./factors";

// What instance administration reads across every organization (lib/admin): the people of the
// instance, and the instance's own log (events kept for operators: organizationId null).

export type AdminUserRow = Pick<User, "id" | "email" | "name" | "createdAt"> & {
  emailVerified: boolean;
  disabled: boolean;
  mfaEnabled: boolean;
  lastSignInAt: Date | null;
  organizations: { id: string; name: string; slug: string; role: RoleName }[];
};

/**
 * A page of accounts, newest first, keyset-paginated on (createdAt, id); `query` matches the
 * address or the name, case-insensitively, anywhere (LIKE wildcards in it are taken literally).
 */
export async function adminUserPage(
  query: string | null,
  after: { createdAt: Date; id: string } | null,
  limit: number,
): Promise<AdminUserRow[]> {
  return sql<AdminUserRow>(
    "admin_user_page",
    `SELECT u.id, u.email, u.name, u."createdAt", u."emailVerified" IS NOT NULL AS "emailVerified", u."disabledAt" IS NOT NULL AS disabled,
            ${hasSecondFactorSql("u.id")} AS "mfaEnabled",
            (SELECT max(s."createdAt") FROM auth_sessions s WHERE s."userId" = u.id) AS "lastSignInAt",
            COALESCE((SELECT json_agg(json_build_object('id', o.id, 'name', o.name, 'slug', o.slug, 'role', m.role) ORDER BY m."createdAt")
                        FROM memberships m JOIN organizations o ON o.id = m."organizationId" WHERE m."userId" = u.id), '[]') AS organizations
       FROM users u
      WHERE ($1::text IS NULL OR u.email ILIKE '%' || $1 || '%' ESCAPE '\\' OR u.name ILIKE '%' || $1 || '%' ESCAPE '\\')
        AND ($2::text IS NULL OR (u."createdAt", u.id) < (($2::timestamptz AT TIME ZONE 'UTC'), $3))
      ORDER BY u."createdAt" DESC, u.id DESC
      LIMIT $4`,
    [query === null ? null : query.replace(/[\\%_]/g, (c) => `\\${c}`), after?.createdAt.toISOString() ?? null, after?.id ?? null, limit],
  );
}

export type InstanceAuditRow = Pick<AuditEvent, "id" | "type" | "actorId" | "actorType" | "ip" | "userAgent" | "createdAt" | "metadata">;

/** A page of the instance's own log (events with no organization), newest first, optionally of one type or actor. */
export async function instanceAuditPage(
  filter: { type: string | null; actorId: string | null },
  after: { createdAt: Date; id: string } | null,
  limit: number,
): Promise<InstanceAuditRow[]> {
  return sql<InstanceAuditRow>(
    "instance_audit_page",
    `SELECT id, type, "actorId", "actorType", ip, "userAgent", "createdAt", metadata
       FROM audit_events
      WHERE "organizationId" IS NULL
        AND ($1::text IS NULL OR type = $1) AND ($2::text IS NULL OR "actorId" = $2)
        AND ($3::text IS NULL OR ("createdAt", id) < (($3::timestamptz AT TIME ZONE 'UTC'), $4))
      ORDER BY "createdAt" DESC, id DESC
      LIMIT $5`,
    [filter.type, filter.actorId, after?.createdAt.toISOString() ?? null, after?.id ?? null, limit],
  );
}

/** An event of one account's history, with its actor's address when the actor is a person. */
export type UserAuditRow = InstanceAuditRow & { actorEmail: string | null };

/**
 * The newest events by or about one account (it acted, or `metadata.userId` names it), in any
 * organization's log or the instance's. An event about a person is written once per log it belongs
 * in (emitToMemberships, and an admin action's instance copy), all in one transaction, so the copies
 * share their type, actor, client, metadata and time: they are folded into one row here.
 * No index serves "actor or subject" across every log: this walks audit_events, which suits a page
 * an admin opens now and then, not a hot path.
 */
export async function userAuditEvents(userId: string, limit: number): Promise<UserAuditRow[]> {
  return sql<UserAuditRow>(
    "user_audit_events",
    `SELECT min(e.id) AS id, e.type, e."actorId", e."actorType", e.ip, e."userAgent", e."createdAt", e.metadata,
            a.email AS "actorEmail"
       FROM audit_events e
       LEFT JOIN users a ON a.id = e."actorId" AND e."actorType" = 'user'
      WHERE e."actorId" = $1 OR e.metadata->>'userId' = $1
      GROUP BY e.type, e."actorId", e."actorType", e.ip, e."userAgent", e."createdAt", e.metadata, a.email
      ORDER BY e."createdAt" DESC, min(e.id) DESC
      LIMIT $2`,
    [userId, limit],
  );
}
