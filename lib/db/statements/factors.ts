import "server-only";
import { sql } from "../sql";

// totp_factors, passkeys and recovery_codes: which second factors a person holds.

// Each factor as an SQL expression over a user id reference (`$1`, `u.id`): the one definition of
// "has an authenticator app" and "has a passkey", shared by the sign-in gate, the organization
// policy, refresh and the profile's `mfaEnabled` (users.ts).
const totpOnSql = (userRef: string) => `EXISTS (SELECT 1 FROM totp_factors t WHERE t."userId" = ${userRef} AND t."enabledAt" IS NOT NULL)`;
const passkeySql = (userRef: string) => `EXISTS (SELECT 1 FROM passkeys p WHERE p."userId" = ${userRef})`;

/** "This user has a second factor", as an SQL expression over `userRef`. */
export const hasSecondFactorSql = (userRef: string) => `(${totpOnSql(userRef)} OR ${passkeySql(userRef)})`;

export interface FactorMethodsRow {
  totp: boolean;
  passkey: boolean;
  recoveryCode: boolean;
}

/** Every sign-in asks this (the gate): one statement instead of three Prisma queries. */
export async function factorMethods(userId: string): Promise<FactorMethodsRow | undefined> {
  const [row] = await sql<FactorMethodsRow>(
    "second_factor_methods",
    `SELECT ${totpOnSql("$1")} AS totp, ${passkeySql("$1")} AS passkey,
            EXISTS (SELECT 1 FROM recovery_codes r WHERE r."userId" = $1 AND r."usedAt" IS NULL) AS "recoveryCode"`,
    [userId],
  );
  return row;
}

/** Runs on every request to an organization that requires two factors. */
export async function hasSecondFactor(userId: string): Promise<boolean> {
  const [row] = await sql<{ on: boolean }>("has_second_factor", `SELECT ${hasSecondFactorSql("$1")} AS "on"`, [userId]);
  return row?.on ?? false;
}
