import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { HashPool } from "./hash-pool";

describe("HashPool", () => {
  it("hashes and compares with bcrypt off the main thread", async () => {
    const pool = new HashPool(2, 10);
    const hash = (await pool.run({ op: "hash", password: "Correct-Horse-42", cost: 4 })) as string;
    expect(bcrypt.compareSync("Correct-Horse-42", hash)).toBe(true);
    expect(await pool.run({ op: "compare", password: "Correct-Horse-42", hash })).toBe(true);
    expect(await pool.run({ op: "compare", password: "wrong", hash })).toBe(false);
  });

  it("keeps the event loop free while hashing", async () => {
    const pool = new HashPool(1, 10);
    const job = pool.run({ op: "hash", password: "x", cost: 10 });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    await job;
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(3); // a blocked loop would not have ticked at all
  });

  it("answers 503 at once when the queue is full, instead of piling up", async () => {
    const pool = new HashPool(1, 2);
    const jobs = [1, 2, 3].map(() => pool.run({ op: "hash", password: "x", cost: 8 }));
    await expect(pool.run({ op: "hash", password: "x", cost: 8 })).rejects.toMatchObject({ code: "service_unavailable", status: 503 });
    await Promise.all(jobs);
  });

  it("reports bcrypt errors to the caller", async () => {
    const pool = new HashPool(1, 2);
    await expect(pool.run({ op: "compare", password: "x", hash: "not-a-hash" })).resolves.toBe(false);
    await expect(pool.run({ op: "hash", password: "x", cost: "not-a-salt" as unknown as number })).rejects.toThrow(/salt/i);
  });
});
