import { describe, expect, it } from "vitest";
import { sha256 } from "@/lib/auth/crypto";
import { apiKeyHash, looksLikeApiKey, newApiKeySecret } from "./format";

describe("API key secrets", () => {
  it("carry the ak_ prefix, 256 random bits, and a short shown prefix of the secret", () => {
    const a = newApiKeySecret();
    const b = newApiKeySecret();
    expect(a.key).toMatch(/^ak_[A-Za-z0-9_-]{43}$/);
    expect(a.key).not.toBe(b.key);
    expect(a.key.startsWith(a.prefix)).toBe(true);
    expect(a.prefix).toHaveLength(11);
    expect(a.keyHash).toBe(sha256(a.key));
    expect(apiKeyHash(a.key)).toBe(a.keyHash);
    expect(looksLikeApiKey(a.key)).toBe(true);
    expect(looksLikeApiKey("rt_abc")).toBe(false);
  });
});
