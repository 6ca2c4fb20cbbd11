import "server-only";
import { profileRow, type ProfileRow } from "@/lib/db/statements/users";
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

export type { ProfileRow };

export async function loadProfile(userId: string, activeOrganizationId: string | null): Promise<Profile> {
  return profileFromRow(await profileRow(userId), activeOrganizationId);
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
