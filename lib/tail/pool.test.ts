import { EventEmitter } from "node:events";
import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { instrumentPool, timeMethod } from "./pool";

describe("timing a pg method in each of its calling styles", () => {
  it("a callback: timed when pg calls it back, with pg's arguments and this passed through", () => {
    const done = vi.fn();
    const method = (_text: unknown, callback: (error: null, rows: number[]) => void) => callback(null, [1]);
    const callback = vi.fn();
    timeMethod(method as never, done)("select 1", callback);
    expect(done).toHaveBeenCalledOnce();
    expect(callback).toHaveBeenCalledWith(null, [1]);
  });

  it("a promise: timed when it settles, resolved or rejected, and the caller still sees the rejection", async () => {
    const done = vi.fn();
    await expect(timeMethod(async () => "rows", done)()).resolves.toBe("rows");
    await expect(timeMethod(async () => Promise.reject(new Error("refused")), done)()).rejects.toThrow("refused");
    await Promise.resolve();
    expect(done).toHaveBeenCalledTimes(2);
  });

  it("an event emitter (a Submittable): timed once, at 'end' or 'error'", () => {
    const done = vi.fn();
    const emitter = new EventEmitter();
    emitter.on("error", () => {});
    timeMethod(() => emitter, done)();
    emitter.emit("end");
    emitter.emit("error", new Error("late"));
    expect(done).toHaveBeenCalledOnce();
  });
});

describe("the pool without the tail registry (every process but the bench's)", () => {
  it("keeps pg's own methods", () => {
    const pool = new pg.Pool();
    const connect = pool.connect;
    instrumentPool(pool);
    expect(pool.connect).toBe(connect);
    expect(pool.listenerCount("connect")).toBe(0);
  });
});
