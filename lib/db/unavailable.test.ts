import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./unavailable";

// The shapes below are the ones seen with the database stopped, hung or behind PgBouncer; the
// integration test tests/integration/database-unavailable.test.ts produces them for real.
describe("isDatabaseUnavailable", () => {
  it.each([
    [
      "connection refused",
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED", syscall: "connect", errno: -111 }),
    ],
    ["several addresses refused", Object.assign(new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })]), {})],
    ["pool checkout timeout", new Error("timeout exceeded when trying to connect")],
    ["server gone mid-query", new Error("Connection terminated unexpectedly")],
    ["client-side statement timeout", new Error("Query read timeout")],
    ["admin shutdown", Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })],
    ["starting up", Object.assign(new Error("the database system is starting up"), { code: "57P03" })],
    ["PgBouncer", Object.assign(new Error("server login has been failing, try again later (server_login_retry)"), { code: "08P01" })],
    ["statement_timeout", Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" })],
    ["Prisma, can't reach", Object.assign(new Error("Can't reach database server"), { code: "P1001" })],
    [
      "Prisma, transaction wait",
      Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), { code: "P2028" }),
    ],
    ["Prisma's adapter kind", Object.assign(new Error("x"), { cause: { kind: "DatabaseNotReachable" } })],
    [
      "wrapped by Auth.js",
      Object.assign(new Error("Read more at https://errors.authjs.dev"), {
        cause: { err: 1, ...{ cause: new Error("Connection terminated unexpectedly") } },
      }),
    ],
  ])("%s → unavailable", (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a bug", new TypeError("Cannot read properties of undefined")],
    ["a unique violation", Object.assign(new Error("duplicate key"), { code: "23505" })],
    ["Prisma's unique violation", Object.assign(new Error("Unique constraint failed"), { code: "P2002" })],
    [
      "a missing prepared statement (a pooler misuse, our bug)",
      Object.assign(new Error('prepared statement "x" does not exist'), { code: "26000" }),
    ],
    ["nothing", undefined],
    ["a string", "ECONNREFUSED"],
  ])("%s → not unavailable", (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it("does not loop on a cause cycle", () => {
    const a: { message: string; cause?: unknown } = { message: "a" };
    a.cause = a;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});
