import { describe, expect, it } from "vitest";
import { slugify } from "./create";
import { slugSchema } from "@/lib/validation/organizations";

describe("slugify", () => {
  it("makes URL-safe slugs that the slug rules accept", () => {
    for (const name of ["Acme Inc.", "Zoë's Café", "  --Weird__Name--  ", "日本語", "Current", "123e4567-e89b-42d3-a456-426614174000"]) {
      const slug = slugify(name);
      expect(slug, name).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(slugSchema.safeParse(slug).success, `${name} → ${slug}`).toBe(true);
    }
    expect(slugify("Zoë's Café")).toBe("zoe-s-cafe");
    expect(slugify("日本語")).toBe("org");
  });

  it("never produces `current` or an id-shaped slug", () => {
    expect(slugify("Current")).not.toBe("current");
    expect(slugify("123e4567-e89b-42d3-a456-426614174000")).not.toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});
