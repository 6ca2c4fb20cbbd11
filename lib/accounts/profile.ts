import "server-only";
import { hasSecondFactorSql } from "@/lib/mfa/factors";
import { sql } from "@/lib/db/sql";
import { notFound } from "@/lib/http/errors";
import type { RoleName } from "@/lib/organizations/permissions";

export interface Profile {
  id: string;
  email: string;
  name: string;
  firstName: string | null;
  lastName: string | null;
  emailVerified: boolean;
  /** A second factor (authenticator app or passkey) is on: sign-in asks for it. */
  mfaEnabled: boolean;
  createdAt: Date;
  organizations: { id: string; name: string; slug: string; role: RoleName }[];
  activeOrganizationId: string | null;
}

export const displayName = (u: { name: string | null; firstName: string | null; lastName: string | null; email: string }) =>
  u.name?.trim() || [u.firstName, u.lastName].filter(Boolean).join(" ") || u.email.split("@")[0]!;

/**
 * The profile of the contract: one statement for the user and their memberships (plain SQL, as
 * it is read on every profile request and every token response).
 */
export async function loadProfile(userId: string, activeOrganizationId: string | null): Promise<Profile> {
  const [user] = await sql<Omit<Profile, "name" | "emailVerified" | "activeOrganizationId"> & { name: string | null; emailVerified: Date | null }>(
    "profile",
    `SELECT u.id, u.email, u.name, u."firstName", u."lastName", u."emailVerified", u."createdAt",
            ${hasSecondFactorSql("u.id")} AS "mfaEnabled",
            COALESCE(json_agg(json_build_object('id', o.id, 'name', o.name, 'slug', o.slug, 'role', m.role)
                              ORDER BY m."createdAt") FILTER (WHERE o.id IS NOT NULL), '[]') AS organizations
       FROM users u
       LEFT JOIN memberships m ON m."userId" = u.id
       LEFT JOIN organizations o ON o.id = m."organizationId"
      WHERE u.id = $1
      GROUP BY u.id`,
    [userId],
  );
  if (!user) throw notFound("This account no longer exists.");
  const active = user.organizations.some((o) => o.id === activeOrganizationId) ? activeOrganizationId : null;
  return {
    id: user.id,
    email: user.email,
    name: displayName(user),
    firstName: user.firstName,
    lastName: user.lastName,
    emailVerified: user.emailVerified !== null,
    mfaEnabled: user.mfaEnabled,
    createdAt: user.createdAt,
    organizations: user.organizations,
    activeOrganizationId: active,
  };
}
