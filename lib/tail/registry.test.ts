// Installs the registry for the whole file (it is process-wide, as in the bench's server process);
// pool.test.ts checks the pool without it, in a file of its own.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { instrumentPool } from "./pool";
import { installTailRegistry, tailHistogram, timed } from "./registry";

describe("the tail histograms, once the bench's server process installed them", () => {
  it("are off until installed, then one per layer for every module that asks", () => {
    expect(tailHistogram("handler")).toBeUndefined();
    installTailRegistry();
    expect(tailHistogram("handler")).toBe(tailHistogram("handler"));
  });

  it("time an async function until it settles, failures included", async () => {
    const histogram = tailHistogram("handler")!;
    histogram.reset();
    const slow = timed(histogram, (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
    await slow(20);
    await expect(timed(histogram, async () => Promise.reject(new Error("no")))()).rejects.toThrow("no");
    expect(histogram.count).toBe(2);
    expect(histogram.max).toBeGreaterThanOrEqual(19e6);
  });

  it("time each statement of every connection the pool makes", () => {
    const pool = new pg.Pool();
    instrumentPool(pool);
    const client = { query: (_text: string, callback: () => void) => callback() };
    pool.emit("connect", client);
    client.query("select 1", () => {});
    expect(tailHistogram("pgRoundTrip")!.count).toBe(1);
  });
});
