// Liveness vs readiness: with the database unreachable, the readiness probe says 503 while the
// liveness probe still answers 200, which proves the latter reads no database (a platform must
// not restart healthy processes because the database is down).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config/env";
import { NextRequest } from "next/server";
import { proxy } from "@/proxy";
import { api } from "../support/api";

const realDatabaseUrl = process.env.DATABASE_URL;

beforeAll(() => {
  // Nothing listens on port 1: every query from this process fails to connect.
  process.env.DATABASE_URL = "postgresql://nobody:nothing@127.0.0.1:1/none";
  resetConfigForTests();
});
afterAll(() => {
  process.env.DATABASE_URL = realDatabaseUrl;
  resetConfigForTests();
});

describe("GET /api/health/live", () => {
  it("answers 200 while the database is down, when the readiness probe answers 503", async () => {
    const ready = await api("GET", "/api/health");
    expect(ready.status).toBe(503);
    const live = await api("GET", "/api/health/live");
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: "ok" });
    expect(live.headers.get("cache-control")).toBe("no-store");
  });

  it("answers other methods with 405 problem+json and Allow, like every route", async () => {
    const res = await api("POST", "/api/health/live");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
    expect(res.body.code).toBe("method_not_allowed");
  });

  it("answers OPTIONS with the methods it serves, not every method the file exports", async () => {
    const res = await api("OPTIONS", "/api/health/live");
    expect(res.status).toBe(204);
    expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    const members = await api("OPTIONS", "/api/organizations/current/members");
    expect(members.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });

  it("passes the proxy without any credential (load balancers send none)", () => {
    const res = proxy(new NextRequest("http://localhost:3000/api/health/live"));
    expect(res.status).toBe(200);
    expect(res.headers.get("location")).toBeNull();
  });
});
