import "server-only";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/http/errors";
import type { RoleName } from "@/lib/organizations/permissions";

export interface Profile {
  id: string;
  email: string;
  name: string;
  firstName: string | null;
  lastName: string | null;
  emailVerified: boolean;
  createdAt: Date;
  organizations: { id: string; name: string; slug: string; role: RoleName }[];
  activeOrganizationId: string | null;
}

export const displayName = (u: { name: string | null; firstName: string | null; lastName: string | null; email: string }) =>
  u.name?.trim() || [u.firstName, u.lastName].filter(Boolean).join(" ") || u.email.split("@")[0]!;

/** The profile of the contract; one query for the user and their memberships. */
export async function loadProfile(userId: string, activeOrganizationId: string | null): Promise<Profile> {
  const user = await db().user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      firstName: true,
      lastName: true,
      emailVerified: true,
      createdAt: true,
      memberships: {
        orderBy: { createdAt: "asc" },
        select: { role: true, organization: { select: { id: true, name: true, slug: true } } },
      },
    },
  });
  if (!user) throw notFound("This account no longer exists.");
  const organizations = user.memberships.map((m) => ({ ...m.organization, role: m.role as RoleName }));
  const active = organizations.some((o) => o.id === activeOrganizationId) ? activeOrganizationId : null;
  return {
    id: user.id,
    email: user.email,
    name: displayName(user),
    firstName: user.firstName,
    lastName: user.lastName,
    emailVerified: user.emailVerified !== null,
    createdAt: user.createdAt,
    organizations,
    activeOrganizationId: active,
  };
}
