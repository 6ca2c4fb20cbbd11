import { describe, expect, it } from "vitest";
import { SUBSCRIBABLE_EVENT_TYPES, subscribableEventGroups } from "./groups";
import { WEBHOOK_EVENT_TYPES } from "./types";

describe("subscribableEventGroups", () => {
  it("offers every type an endpoint can usefully subscribe to exactly once", () => {
    const listed = subscribableEventGroups().flatMap((group) => group.types);
    expect([...listed].sort()).toEqual([...SUBSCRIBABLE_EVENT_TYPES].sort());
    expect(new Set(listed).size).toBe(listed.length);
    expect(SUBSCRIBABLE_EVENT_TYPES).toEqual(WEBHOOK_EVENT_TYPES.filter((type) => type !== "webhook.test"));
  });

  it("places each type in a named group: a new type needs a deliberate home on the page", () => {
    const groups = subscribableEventGroups();
    expect(groups.map((group) => group.label)).not.toContain("Other");
    expect(groups.every((group) => group.types.length > 0)).toBe(true);
    expect(groups.find((group) => group.label === "Members and invitations")?.types).toContain("invitation.created");
  });
});
