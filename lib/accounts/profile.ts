import "server-only";
import { hasSecondFactorSql } from "@/lib/mfa/factors";
import { sql } from "@/lib/db/sql";
import { notFound } from "@/lib/http/errors";
import type { RoleName } from "@/lib/organizations/permissions";
import type { UserRead } from "@/lib/auth/sessions";

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

/** A profile row as profileSql returns it. */
export type ProfileRow = Omit<Profile, "name" | "emailVerified" | "activeOrganizationId"> & { name: string | null; emailVerified: Date | null };

/**
 * The profile of the contract for the user `userRef` names (an SQL expression: `$1`, or a column
 * of an enclosing statement), one row: the user and their memberships. Plain SQL, as it is read on
 * every profile request and every token response; refresh's rotation ends with it, so a refresh is
 * one statement (lib/auth/sessions.ts).
 */
export const profileSql = (userRef: string) =>
  `SELECT u.id, u.email, u.name, u."firstName", u."lastName", u."emailVerified", u."createdAt",
          ${hasSecondFactorSql("u.id")} AS "mfaEnabled",
          COALESCE(json_agg(json_build_object('id', o.id, 'name', o.name, 'slug', o.slug, 'role', m.role)
                            ORDER BY m."createdAt") FILTER (WHERE o.id IS NOT NULL), '[]') AS organizations
     FROM users u
     LEFT JOIN memberships m ON m."userId" = u.id
     LEFT JOIN organizations o ON o.id = m."organizationId"
    WHERE u.id = ${userRef}
    GROUP BY u.id`;

/** The profile read in the session check's statement (GET /api/auth/profile: one round trip). */
export const profileRead: UserRead<ProfileRow> = { name: "profile", sql: profileSql };

export async function loadProfile(userId: string, activeOrganizationId: string | null): Promise<Profile> {
  const [row] = await sql<ProfileRow>("profile", profileSql("$1"), [userId]);
  return profileFromRow(row, activeOrganizationId);
}

/** The contract's profile from its row; the active organization only while the user belongs to it. */
export function profileFromRow(user: ProfileRow | undefined, activeOrganizationId: string | null): Profile {
  if (!user?.id) throw notFound("This account no longer exists.");
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
