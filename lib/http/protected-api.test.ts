import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OPERATIONS } from "@/lib/openapi/operations";
import { PROTECTED_API_FILE, protectedApiSource } from "../../scripts/lib/protected-api";

describe("the proxy's table of operations that need a credential", () => {
  it("is the one generated from the operations (run `npm run openapi:protected-api` after changing a row's auth)", () => {
    expect(readFileSync(PROTECTED_API_FILE, "utf8")).toBe(protectedApiSource(OPERATIONS));
  });
});
