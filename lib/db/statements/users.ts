import "server-only";
import type { Organization, User } from "@/lib/generated/prisma/client";
import type { RoleName } from "@/lib/organizations/permissions";
import { sql, type Executor } from "../sql";
import { hasSecondFactorSql } from "./factors";

// users (with their memberships, for the profile).

export type LoginUserRow = Pick<User, "id" | "email" | "emailVerified" | "passwordHash" | "credentialEpoch">;

/** The password door's read: the epoch is read with the hash it vouches for. */
export async function loginUser(email: string): Promise<LoginUserRow | undefined> {
  const [row] = await sql<LoginUserRow>(
    "login_user",
    `SELECT id, email, "emailVerified", "passwordHash", "credentialEpoch" FROM users WHERE email = $1`,
    [email],
  );
  return row;
}

export interface SignInAccountRow {
  credentialEpoch: number;
  /** An instance admin disabled the account: no door opens it. */
  disabled: boolean;
}

/** What the sign-in gate reads of an account before it decides anything (lib/sign-in/gate.ts). */
export async function signInAccount(userId: string, tx?: Executor): Promise<SignInAccountRow | undefined> {
  const [row] = await sql<SignInAccountRow>(
    "sign_in_account",
    `SELECT "credentialEpoch", ("disabledAt" IS NOT NULL) AS disabled FROM users WHERE id = $1`,
    [userId],
    tx,
  );
  return row;
}

export interface GateAccountRow extends SignInAccountRow {
  /** The slug of the organization whose enforced SSO covers the address (a verified domain), or null. */
  ssoSlug: string | null;
  /** The person is an owner there: the break-glass password sign-in stays open to them. */
  ssoOwner: boolean;
}

/**
 * The sign-in gate's read when it decides a session (beginSignIn): the account, and whether an
 * organization enforces SSO for its address, in one round trip.
 */
export async function gateAccount(userId: string): Promise<GateAccountRow | undefined> {
  const [row] = await sql<GateAccountRow>(
    "gate_account",
    `SELECT u."credentialEpoch", (u."disabledAt" IS NOT NULL) AS disabled, e.slug AS "ssoSlug", coalesce(e."isOwner", false) AS "ssoOwner"
       FROM users u
       LEFT JOIN LATERAL (
         SELECT o.slug,
                EXISTS (SELECT 1 FROM memberships m
                         WHERE m."userId" = u.id AND m."organizationId" = d."organizationId" AND m.role = 'owner') AS "isOwner"
           FROM organization_domains d JOIN organizations o ON o.id = d."organizationId"
          WHERE d.domain = split_part(u.email, '@', 2) AND d.status = 'verified'
            AND EXISTS (SELECT 1 FROM sso_connections c WHERE c."organizationId" = d."organizationId" AND c.enforced)
          LIMIT 1) e ON true
      WHERE u.id = $1`,
    [userId],
  );
  return row;
}

/**
 * The same read inside the caller's transaction, holding the account row (FOR SHARE) until it
 * ends: an admin's disable (which locks the row FOR UPDATE) waits for the change, or the change
 * sees the disable. Undefined when the account is gone.
 */
export async function lockedSignInAccount(tx: Executor, userId: string): Promise<SignInAccountRow | undefined> {
  const [row] = await sql<SignInAccountRow>(
    "sign_in_account_locked",
    `SELECT "credentialEpoch", ("disabledAt" IS NOT NULL) AS disabled FROM users WHERE id = $1 FOR SHARE`,
    [userId],
    tx,
  );
  return row;
}

/** The account's credentialEpoch now (for doors that checked no password: see lib/sign-in/gate.ts). */
export async function credentialEpoch(userId: string, tx?: Executor): Promise<number | null> {
  return (await signInAccount(userId, tx))?.credentialEpoch ?? null;
}

export async function passwordHash(userId: string): Promise<string | null | undefined> {
  const [row] = await sql<Pick<User, "passwordHash">>("password_hash", `SELECT "passwordHash" FROM users WHERE id = $1`, [userId]);
  return row?.passwordHash;
}

/** Replaces the hash only while it is still `oldHash`: a password change meanwhile wins. */
export async function replacePasswordHash(userId: string, oldHash: string, fresh: string): Promise<void> {
  await sql("password_rehash", `UPDATE users SET "passwordHash" = $3 WHERE id = $1 AND "passwordHash" = $2`, [userId, oldHash, fresh]);
}

/** A profile row as profileSql returns it. */
export type ProfileRow = Pick<User, "id" | "email" | "name" | "firstName" | "lastName" | "emailVerified" | "createdAt"> & {
  mfaEnabled: boolean;
  organizations: (Pick<Organization, "id" | "name" | "slug"> & { role: RoleName })[];
};

/**
 * The profile of the contract for the user `userRef` names (an SQL expression: `$1`, or a column
 * of an enclosing statement), one row: the user and their memberships. Read on every profile
 * request and every token response; refresh's rotation and the session check embed it, so each is
 * one statement (refresh-tokens.ts, auth-sessions.ts).
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

export async function profileRow(userId: string): Promise<ProfileRow | undefined> {
  const [row] = await sql<ProfileRow>("profile", profileSql("$1"), [userId]);
  return row;
}

export type OidcAccountRow = Pick<User, "id" | "email" | "emailVerified" | "name" | "firstName" | "lastName" | "updatedAt" | "disabledAt">;

/** The OpenID Provider's account (lib/oidc/accounts.ts): read on every token, ID token and userinfo answer. */
export async function oidcAccount(userId: string): Promise<OidcAccountRow | undefined> {
  const [row] = await sql<OidcAccountRow>(
    "oidc_account",
    `SELECT id, email, "emailVerified", name, "firstName", "lastName", "updatedAt", "disabledAt" FROM users WHERE id = $1`,
    [userId],
  );
  return row;
}

export type StandingRowOf = Pick<User, "email" | "emailVerified" | "instanceAdmin" | "disabledAt" | "adminEmailProvedFor">;

/** What decides whether an account is an instance admin (lib/auth/admin-standing.ts). */
export async function adminStandingRow(userId: string, tx?: Executor): Promise<StandingRowOf | undefined> {
  const [row] = await sql<StandingRowOf>(
    "admin_standing",
    `SELECT email, "emailVerified", "instanceAdmin", "disabledAt", "adminEmailProvedFor" FROM users WHERE id = $1`,
    [userId],
    tx,
  );
  return row;
}
