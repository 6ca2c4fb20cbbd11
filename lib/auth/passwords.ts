import "server-only";
import { config } from "@/lib/config/env";
import { requestSignal } from "@/lib/http/request-signal";
import { hashPool } from "./hash-pool";

// A hash still queued when its request is abandoned is dropped (hash-pool.ts): in a sign-in
// flood, clients that gave up do not take the cores from those still waiting.

export async function hashPassword(password: string): Promise<string> {
  return (await hashPool().run({ op: "hash", password, cost: config().BCRYPT_COST }, requestSignal())) as string;
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  return (await hashPool().run({ op: "compare", password, hash }, requestSignal())) as boolean;
}

/** The cost a bcrypt hash was made at (`$2b$12$…` → 12); null for anything else. */
export function bcryptCost(hash: string): number | null {
  const match = /^\$2[abxy]?\$(\d{2})\$/.exec(hash);
  return match ? Number(match[1]) : null;
}

// When the account does not exist (or has no password), compare against a hash of the same
// cost anyway, so the answer takes as long as for a real account: timing reveals nothing.
const dummyHashes = new Map<number, Promise<string>>();
const DUMMY_PASSWORD = "dummy password for constant-time checks";

/**
 * The process's dummy hash at `cost`: made once, outside any request's signal, and forgotten if
 * it fails (a full queue), since a cached rejection would fail every later check of an unknown
 * address.
 */
function dummy(cost: number): Promise<string> {
  let made = dummyHashes.get(cost);
  if (!made) {
    made = (hashPool().run({ op: "hash", password: DUMMY_PASSWORD, cost }) as Promise<string>).catch((error: unknown) => {
      dummyHashes.delete(cost);
      throw error;
    });
    dummyHashes.set(cost, made);
  }
  return made;
}

/**
 * Verifies a possibly missing hash in constant work: without one, the dummy stands in (and the
 * answer is false). Both paths wait for the dummy hash, so the first check after a start costs
 * one extra hash whether or not the account exists.
 *
 * A hash made at a lower cost than BCRYPT_COST (before the setting was raised, or imported) is
 * checked faster than the dummy: the difference is made up with one dummy compare at each cost in
 * between (2^c + 2^c + 2^(c+1) + … + 2^(C-1) = 2^C), one after another, so the answer takes as long
 * as for an unknown address. A hash at a higher cost cannot be checked faster; both kinds are made
 * again at BCRYPT_COST at their owner's next sign-in (lib/accounts/password-rehash.ts).
 */
export async function verifyPasswordOrDummy(password: string, hash: string | null | undefined): Promise<boolean> {
  const cost = config().BCRYPT_COST;
  const standIn = await dummy(cost);
  const matches = await verifyPassword(password, hash || standIn);
  for (let missing = (hash && bcryptCost(hash)) || cost; missing < cost; missing++) {
    await verifyPassword(password, await dummy(missing));
  }
  return Boolean(hash) && matches;
}
