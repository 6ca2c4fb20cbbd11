import { describe, expect, it } from "vitest";
import { api } from "../support/api";

describe("health", () => {
  it("answers ok when the database is up", async () => {
    const res = await api("GET", "/api/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok" });
  });
});

describe("unknown API paths", () => {
  it.each(["GET", "POST", "DELETE"])("%s answers 404 problem+json", async (method) => {
    const res = await api(method, "/api/does/not/exist");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.body).toMatchObject({ status: 404, code: "not_found" });
  });
});
