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

// When the account does not exist (or has no password), compare against a hash of the same
// cost anyway, so the answer takes as long as for a real account: timing reveals nothing.
let dummyHash: Promise<string> | undefined;
const DUMMY_PASSWORD = "dummy password for constant-time checks";

/**
 * The process's dummy hash: made once, outside any request's signal, and forgotten if it fails
 * (a full queue), since a cached rejection would fail every later check of an unknown address.
 */
function dummy(): Promise<string> {
  dummyHash ??= (hashPool().run({ op: "hash", password: DUMMY_PASSWORD, cost: config().BCRYPT_COST }) as Promise<string>).catch((error: unknown) => {
    dummyHash = undefined;
    throw error;
  });
  return dummyHash;
}

/**
 * Verifies a possibly missing hash in constant work: without one, the dummy stands in (and the
 * answer is false). Both paths wait for the dummy hash, so the first check after a start costs
 * one extra hash whether or not the account exists.
 */
export async function verifyPasswordOrDummy(password: string, hash: string | null | undefined): Promise<boolean> {
  const standIn = await dummy();
  const matches = await verifyPassword(password, hash || standIn);
  return Boolean(hash) && matches;
}
