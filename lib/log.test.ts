import { afterEach, describe, expect, it, vi } from "vitest";
import { log } from "./log";

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.LOG_LEVEL;
});

function captured(): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (lines.push(String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (lines.push(String(chunk)), true));
  return lines;
}

describe("log", () => {
  it("redacts anything that looks like a secret, however deep", () => {
    process.env.LOG_LEVEL = "debug";
    const lines = captured();
    log.info("signed in", {
      email: "a@example.com",
      password: "Correct-Horse-42",
      nested: { refresh_token: "rt_abc", headers: { authorization: "Bearer xyz", cookie: "s=1" } },
      list: [{ apiKey: "ak_123", passwordHash: "$2b$12$x" }],
      code: "123456",
    });
    const out = lines.join("");
    for (const secret of ["Correct-Horse-42", "rt_abc", "Bearer xyz", "s=1", "ak_123", "$2b$12$x", "123456"]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain("a@example.com");
    expect(JSON.parse(out)).toMatchObject({ level: "info", message: "signed in" });
  });

  it("writes errors without their stack", () => {
    const lines = captured();
    log.error("boom", { error: new Error("database down") });
    expect(JSON.parse(lines.join(""))).toMatchObject({ error: { name: "Error", message: "database down" } });
    expect(lines.join("")).not.toContain("at ");
  });

  it("respects the level", () => {
    process.env.LOG_LEVEL = "warn";
    const lines = captured();
    log.info("quiet");
    log.warn("loud");
    expect(lines).toHaveLength(1);
  });
});
