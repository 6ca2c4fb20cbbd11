import { describe, expect, it } from "vitest";
import { bcryptCost } from "./passwords";

describe("bcryptCost", () => {
  it("reads the cost of every bcrypt prefix", () => {
    expect(bcryptCost("$2b$12$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui")).toBe(12);
    expect(bcryptCost("$2a$10$abcdefghijklmnopqrstuu")).toBe(10);
    expect(bcryptCost("$2y$04$abcdefghijklmnopqrstuu")).toBe(4);
    expect(bcryptCost("$2$08$abcdefghijklmnopqrstuu")).toBe(8);
  });

  it("is null for anything that is not a bcrypt hash", () => {
    for (const hash of ["", "plain", "$argon2id$v=19$m=65536", "$2b$1$x", "$2b$ab$x"]) expect(bcryptCost(hash)).toBeNull();
  });
});
