import { describe, expect, it } from "vitest";
import { hasPermission, isSubset, permissionsOf, RESOURCES, ACTIONS } from "./permissions";

describe("roles", () => {
  it("owner holds every permission", () => {
    expect(permissionsOf("owner")).toHaveLength(RESOURCES.length * ACTIONS.length);
  });

  it("admin holds all but organization:delete", () => {
    const admin = permissionsOf("admin");
    expect(hasPermission(admin, "organization", "delete")).toBe(false);
    expect(admin).toHaveLength(RESOURCES.length * ACTIONS.length - 1);
  });

  it("member reads the organization and its members, nothing else", () => {
    expect(permissionsOf("member")).toEqual([
      { resource: "organization", action: "read" },
      { resource: "members", action: "read" },
    ]);
  });

  it("hands out copies, so a caller cannot alter the role table", () => {
    const granted = permissionsOf("member");
    granted[0]!.action = "delete";
    expect(hasPermission(permissionsOf("member"), "organization", "delete")).toBe(false);
  });

  it("isSubset compares permission sets", () => {
    expect(isSubset(permissionsOf("member"), permissionsOf("admin"))).toBe(true);
    expect(isSubset(permissionsOf("owner"), permissionsOf("admin"))).toBe(false);
    expect(isSubset([], permissionsOf("member"))).toBe(true);
  });
});
