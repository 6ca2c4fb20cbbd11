import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WEBHOOK_EVENT_TYPES } from "./types";

// docs/webhooks.md is the receivers' reference: its table of event types and its JSON examples
// must name exactly the types an endpoint can subscribe to. Adding a type to lib/events/types.ts
// without documenting it (or dropping one and leaving it in the doc) fails here.

const doc = readFileSync(path.join(import.meta.dirname, "../../docs/webhooks.md"), "utf8");

/** `| `member.added` | when | `userId`, `email` |` → ["member.added", ...]: the first cell of each table row. */
const rows = [...doc.matchAll(/^\| `([a-z_.]+)` *\|(.*)$/gm)].map((match) => ({ type: match[1]!, rest: match[2]! }));
const documented = rows.map((row) => row.type);

const examples = [...doc.matchAll(/^```json\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);

describe("docs/webhooks.md", () => {
  it("has a table row for every webhook event type, and for nothing else", () => {
    expect(new Set(documented)).toEqual(new Set(WEBHOOK_EVENT_TYPES));
    expect(documented).toHaveLength(new Set(documented).size);
  });

  it("has a JSON example of each type", () => {
    const missing = WEBHOOK_EVENT_TYPES.filter((type) => !examples.some((block) => block.includes(`"type": "${type}"`)));
    expect(missing).toEqual([]);
  });

  it("shows examples shaped like the payload, with only the data keys its table row lists", () => {
    for (const block of examples) {
      const body = JSON.parse(block) as Record<string, unknown>;
      if (!("type" in body)) continue;
      expect(Object.keys(body), block).toEqual(["id", "type", "timestamp", "organizationId", "data"]);
      expect(body.id).toMatch(/^evt_[0-9a-f]{32}$/);
      expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const data = body.data as Record<string, unknown>;
      const actor = data.actor as { id: unknown; type: unknown };
      expect(Object.keys(actor), String(body.type)).toEqual(["id", "type"]);
      expect(actor.id === null || typeof actor.id === "string", String(body.type)).toBe(true);
      expect(["user", "api_key"], String(body.type)).toContain(actor.type);
      const row = rows.find((candidate) => candidate.type === body.type);
      expect(row, String(body.type)).toBeDefined();
      const listed = [
        ...row!.rest
          .split("|")
          .at(-2)!
          .matchAll(/`([A-Za-z]+)`/g),
      ].map((match) => match[1]);
      const keys = Object.keys(data).filter((key) => key !== "actor");
      expect(listed, String(body.type)).toEqual(expect.arrayContaining(keys));
    }
  });
});
