import "server-only";
import { config } from "@/lib/config/env";
import { passwordHash, replacePasswordHash } from "@/lib/db/statements/users";
import { hashPool } from "@/lib/auth/hash-pool";
import { bcryptCost } from "@/lib/auth/passwords";

// A hash made at another cost than BCRYPT_COST (hashes from before the setting changed, or
// imported ones) takes another time to check than the dummy hash an unknown address is checked
// against (lib/auth/passwords.ts). A lower cost is padded there; a higher one cannot be. Either
// way, each such hash is made again at the current cost the first time its owner signs in with
// the right password, so the padding is paid once. Every instance must use the same BCRYPT_COST,
// or an account would be re-hashed back and forth.

export const needsRehash = (hash: string) => bcryptCost(hash) !== config().BCRYPT_COST;

/** Accounts being re-hashed by this process: concurrent sign-ins queue one hash, not one each. */
const rehashing = new Set<string>();

/**
 * Stores a hash of `password` at the current cost in place of `oldHash`. Skipped when the stored
 * hash is no longer `oldHash` (re-hashed or changed already), and conditional on it at the write,
 * so a password change or reset made meanwhile wins. The password is unchanged, so sessions and
 * the credential epoch are left alone. Runs after the response (it takes a hash's time), without
 * the request's signal: the client leaving does not matter to it.
 */
export async function rehashAtCurrentCost(userId: string, oldHash: string, password: string): Promise<void> {
  if (rehashing.has(userId)) return;
  rehashing.add(userId);
  try {
    if ((await passwordHash(userId)) !== oldHash) return;
    const fresh = (await hashPool().run({ op: "hash", password, cost: config().BCRYPT_COST })) as string;
    await replacePasswordHash(userId, oldHash, fresh);
  } finally {
    rehashing.delete(userId);
  }
}
