import { describe, expect, it } from "vitest";
import { hashPool } from "@/lib/auth/hash-pool";
import { api } from "../support/api";
import { signUp } from "../support/accounts";

// In a sign-in flood the hash queue is the bottleneck: a client that gives up must not keep its
// place in it. The route wrapper hands the request's abort signal down to the pool.
describe("the password hash queue", () => {
  it("drops a sign-in whose client disconnects while it waits, without hashing it", async () => {
    const { email, password } = await signUp();
    // A first sign-in builds the process's dummy hash (lib/auth/passwords.ts), so below only the
    // sign-in's own compare waits in the queue.
    expect((await api("POST", "/api/auth/login", { json: { email, password } })).status).toBe(200);
    const pool = hashPool();
    // More slow hashes than workers, so the sign-in has to queue behind them.
    let blockersDone = false;
    const blockers = Promise.all(Array.from({ length: 6 }, () => pool.run({ op: "hash", password: "x", cost: 11 }))).then(() => {
      blockersDone = true;
    });
    const queuedBefore = pool.stats.queued;
    expect(queuedBefore).toBeGreaterThan(0);
    const client = new AbortController();
    const login = api("POST", "/api/auth/login", { json: { email, password }, signal: client.signal });
    await expect.poll(() => pool.stats.queued, { interval: 5 }).toBe(queuedBefore + 1);

    client.abort();
    const res = await login;
    expect(res.status).toBe(503); // nobody reads it: the client has gone
    expect(blockersDone).toBe(false); // answered at once, not after waiting its turn
    await blockers;
    expect(pool.stats).toMatchObject({ busy: 0, queued: 0 });

    // A sign-in that stays is hashed as always.
    expect((await api("POST", "/api/auth/login", { json: { email, password } })).status).toBe(200);
  });
});
