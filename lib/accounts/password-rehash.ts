import "server-only";
import { config } from "@/lib/config/env";
import { sql } from "@/lib/db/sql";
import { hashPool } from "@/lib/auth/hash-pool";

// A hash made at another cost than BCRYPT_COST (hashes from before the setting changed, or
// imported ones) takes another time to check than the dummy hash an unknown address is checked
// against (lib/auth/passwords.ts): the response time of a wrong password would tell that the
// account exists. Each such hash is made again at the current cost the first time its owner
// signs in with the right password.

/** The cost a bcrypt hash was made at (`$2b$12$…` → 12); null for anything else. */
export function bcryptCost(hash: string): number | null {
  const match = /^\$2[abxy]?\$(\d{2})\$/.exec(hash);
  return match ? Number(match[1]) : null;
}

export const needsRehash = (hash: string) => bcryptCost(hash) !== config().BCRYPT_COST;

/**
 * Stores a hash of `password` at the current cost in place of `oldHash`. Conditional on the
 * stored hash still being `oldHash`, so a password change or reset made meanwhile wins. The
 * password is unchanged, so sessions and the credential epoch are left alone. Runs after the
 * response (it takes a hash's time), without the request's signal: the client leaving does not
 * matter to it.
 */
export async function rehashAtCurrentCost(userId: string, oldHash: string, password: string): Promise<void> {
  const fresh = (await hashPool().run({ op: "hash", password, cost: config().BCRYPT_COST })) as string;
  await sql("password_rehash", `UPDATE users SET "passwordHash" = $3 WHERE id = $1 AND "passwordHash" = $2`, [userId, oldHash, fresh]);
}
