import "server-only";
import { config } from "@/lib/config/env";
import { hashPool } from "./hash-pool";

export async function hashPassword(password: string): Promise<string> {
  return (await hashPool().run({ op: "hash", password, cost: config().BCRYPT_COST })) as string;
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  return (await hashPool().run({ op: "compare", password, hash })) as boolean;
}

// When the account does not exist (or has no password), compare against a hash of the same
// cost anyway, so the answer takes as long as for a real account: timing reveals nothing.
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("dummy password for constant-time checks");
  await verifyPassword(password, await dummyHash);
  return false;
}

/** Verifies a possibly missing hash in constant work. */
export async function verifyPasswordOrDummy(password: string, hash: string | null | undefined): Promise<boolean> {
  return hash ? verifyPassword(password, hash) : verifyAgainstDummy(password);
}
