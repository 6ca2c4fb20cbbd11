import { describe, expect, it } from "vitest";
import { MAX_ATTEMPTS, RETRY_DELAYS_SECONDS, retryDelaySeconds } from "./schedule";

describe("retryDelaySeconds", () => {
  it("follows the contract's schedule, eight attempts in all", () => {
    expect(RETRY_DELAYS_SECONDS).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect(MAX_ATTEMPTS).toBe(8);
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelaySeconds(n, 0.5))).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
  });

  it("spreads each delay by at most 20% either way", () => {
    expect(retryDelaySeconds(1, 0)).toBeCloseTo(4);
    expect(retryDelaySeconds(1, 0.999999)).toBeCloseTo(6);
    expect(retryDelaySeconds(2, 0)).toBeCloseTo(240);
  });

  it("has no attempt after the eighth, and none before the first", () => {
    expect(retryDelaySeconds(8, 0.5)).toBeNull();
    expect(retryDelaySeconds(9, 0.5)).toBeNull();
    expect(retryDelaySeconds(0, 0.5)).toBeNull();
  });
});
