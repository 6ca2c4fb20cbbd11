import { readdirSync, readFileSync } from "node:fs";
import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { HASH_THREAD_NICE, HashPool } from "./hash-pool";

/** The nice value of each thread of this process (Linux: field 19 of /proc/self/task/<tid>/stat). */
const threadNiceValues = () =>
  readdirSync("/proc/self/task").map((tid) => Number(readFileSync(`/proc/self/task/${tid}/stat`, "utf8").split(") ")[1]!.split(" ")[16]));

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

  it.runIf(process.platform === "linux")("hashes below the event loop's priority, so a sign-in flood cannot starve requests", async () => {
    const before = threadNiceValues().filter((nice) => nice === HASH_THREAD_NICE).length;
    const pool = new HashPool(2, 10);
    await Promise.all([1, 2].map(() => pool.run({ op: "hash", password: "x", cost: 4 })));
    expect(threadNiceValues().filter((nice) => nice === HASH_THREAD_NICE).length).toBe(before + 2);
    expect(threadNiceValues()[0]).toBe(0); // the main thread keeps its own
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

  it("drops a queued job whose request is abandoned, and still finishes the one a worker has", async () => {
    const pool = new HashPool(1, 10);
    const running = new AbortController();
    const queued = new AbortController();
    const first = pool.run({ op: "hash", password: "x", cost: 10 }, running.signal);
    const second = pool.run({ op: "hash", password: "x", cost: 10 }, queued.signal);
    const third = pool.run({ op: "hash", password: "y", cost: 4 });
    expect(pool.stats).toMatchObject({ busy: 1, queued: 2 });

    running.abort(); // too late: a worker is hashing it
    queued.abort();
    expect(pool.stats).toMatchObject({ busy: 1, queued: 1 }); // only the third still waits
    await expect(second).rejects.toMatchObject({ code: "service_unavailable" });
    expect(bcrypt.compareSync("x", (await first) as string)).toBe(true);
    expect(bcrypt.compareSync("y", (await third) as string)).toBe(true);
  });

  it("refuses a job whose request is already abandoned without queueing it", async () => {
    const pool = new HashPool(1, 10);
    await expect(pool.run({ op: "compare", password: "x", hash: "h" }, AbortSignal.abort())).rejects.toMatchObject({
      code: "service_unavailable",
    });
    expect(pool.stats).toMatchObject({ workers: 0, queued: 0 });
  });
});
