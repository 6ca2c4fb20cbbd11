// A hash made at another cost than BCRYPT_COST is checked in another time than the dummy hash an
// unknown address gets: it is made again at the current cost at its owner's next sign-in.
import bcrypt from "bcryptjs";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { config, resetConfigForTests } from "@/lib/config/env";
import { hashPool } from "@/lib/auth/hash-pool";
import { rehashAtCurrentCost } from "@/lib/accounts/password-rehash";
import { bcryptCost } from "@/lib/auth/passwords";
import { api } from "../support/api";
import { PASSWORD, signUp, uniqueEmail } from "../support/accounts";

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

/** The pool's jobs while `call` runs: each one's kind and the cost it runs at. */
async function hashJobs(call: () => Promise<unknown>) {
  const jobs: string[] = [];
  const run = hashPool().run.bind(hashPool());
  const spy = vi.spyOn(hashPool(), "run").mockImplementation((job, signal) => {
    jobs.push(job.op === "hash" ? `hash ${job.cost}` : `compare ${bcryptCost(job.hash)}`);
    return run(job, signal);
  });
  try {
    await call();
    await new Promise((resolve) => setTimeout(resolve, 300)); // the work after the response
  } finally {
    spy.mockRestore();
  }
  return jobs;
}

describe("a refusal takes as long whatever the stored hash's cost", () => {
  it("a hash at a lower cost than BCRYPT_COST is padded with dummy compares up to it", async () => {
    const user = await signUp();
    const low = await bcrypt.hash(PASSWORD, 4);
    await db().user.update({ where: { id: user.userId }, data: { passwordHash: low } });
    const previous = process.env.BCRYPT_COST;
    process.env.BCRYPT_COST = "6";
    resetConfigForTests();
    try {
      // Warm the dummies up, so the jobs below are the checks alone.
      await api("POST", "/api/auth/login", { json: { email: user.email, password: "Wrong-Horse-42" } });
      const known = await hashJobs(() => api("POST", "/api/auth/login", { json: { email: user.email, password: "Wrong-Horse-42" } }));
      const unknown = await hashJobs(() => api("POST", "/api/auth/login", { json: { email: uniqueEmail(), password: "Wrong-Horse-42" } }));
      // 2^4 + 2^4 + 2^5 = 2^6: the work of one compare at cost 6, as for an unknown address.
      expect(known).toEqual(["compare 4", "compare 4", "compare 5"]);
      expect(unknown).toEqual(["compare 6"]);
    } finally {
      process.env.BCRYPT_COST = previous;
      resetConfigForTests();
    }
  });

  it("concurrent sign-ins re-hash an account once", async () => {
    const user = await signUp();
    await giveOldCostHash(user.userId);
    const jobs = await hashJobs(() =>
      Promise.all(Array.from({ length: 8 }, () => api("POST", "/api/auth/login", { json: { email: user.email, password: PASSWORD } }))),
    );
    expect(jobs.filter((job) => job.startsWith("hash"))).toEqual([`hash ${config().BCRYPT_COST}`]);
    expect(bcryptCost(await storedHash(user.userId))).toBe(config().BCRYPT_COST);
  });
});
