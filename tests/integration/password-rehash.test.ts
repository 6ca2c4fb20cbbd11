// A hash made at another cost than BCRYPT_COST is checked in another time than the dummy hash an
// unknown address gets: it is made again at the current cost at its owner's next sign-in.
import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { config } from "@/lib/config/env";
import { bcryptCost, rehashAtCurrentCost } from "@/lib/accounts/password-rehash";
import { api } from "../support/api";
import { PASSWORD, signUp } from "../support/accounts";

const storedHash = async (userId: string) =>
  (await db().user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } })).passwordHash!;

/** A hash of PASSWORD at one more than the configured cost, as if BCRYPT_COST had been lowered since. */
async function giveOldCostHash(userId: string) {
  const old = await bcrypt.hash(PASSWORD, config().BCRYPT_COST + 1);
  await db().user.update({ where: { id: userId }, data: { passwordHash: old } });
  return old;
}

async function eventually(check: () => Promise<boolean>) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe("re-hashing at the current cost", () => {
  it("a sign-in with the right password re-hashes at BCRYPT_COST, and sessions go on", async () => {
    const user = await signUp();
    const old = await giveOldCostHash(user.userId);

    const res = await api("POST", "/api/auth/login", { json: { email: user.email, password: PASSWORD } });
    expect(res.status, res.text).toBe(200);
    expect(await eventually(async () => (await storedHash(user.userId)) !== old)).toBe(true);

    const fresh = await storedHash(user.userId);
    expect(bcryptCost(fresh)).toBe(config().BCRYPT_COST);
    expect(await bcrypt.compare(PASSWORD, fresh)).toBe(true);
    // The password did not change: no session ends.
    expect((await api("GET", "/api/auth/profile", { token: user.access })).status).toBe(200);
    expect((await api("POST", "/api/auth/login", { json: { email: user.email, password: PASSWORD } })).status).toBe(200);
  });

  it("a wrong password re-hashes nothing", async () => {
    const user = await signUp();
    const old = await giveOldCostHash(user.userId);
    const res = await api("POST", "/api/auth/login", { json: { email: user.email, password: "Wrong-Horse-42" } });
    expect(res.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await storedHash(user.userId)).toBe(old);
  });

  it("never overwrites a password changed in the meantime", async () => {
    const user = await signUp();
    const old = await giveOldCostHash(user.userId);
    const changed = await bcrypt.hash("Another-Horse-42", config().BCRYPT_COST);
    await db().user.update({ where: { id: user.userId }, data: { passwordHash: changed } });

    await rehashAtCurrentCost(user.userId, old, PASSWORD);
    expect(await storedHash(user.userId)).toBe(changed);
  });

  it("a hash already at BCRYPT_COST is left as it is", async () => {
    const user = await signUp();
    const before = await storedHash(user.userId);
    expect(bcryptCost(before)).toBe(config().BCRYPT_COST);
    expect((await api("POST", "/api/auth/login", { json: { email: user.email, password: PASSWORD } })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await storedHash(user.userId)).toBe(before);
  });
});
