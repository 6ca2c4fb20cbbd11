import * as orgs from "@/lib/validation/organizations";
import * as out from "../schemas";
import type { Rows } from ".";

// An organization's members. Row format: index.ts.
export const MEMBERS = {
  "get /api/organizations/{orgId}/members": {
    summary: "List members",
    description: "Every member with their role (`members:read`).",
    auth: "any",
    ok: [200, "Members.", out.listOf(out.memberSchema)],
  },
  "patch /api/organizations/{orgId}/members/{userId}": {
    summary: "Change a member's role",
    description:
      "Admins and owners (`members:update`); granting or removing the owner role is an owner's act. The last owner cannot be demoted (409).",
    auth: "any",
    body: orgs.changeRoleSchema,
    ok: [200, "The member.", out.memberSchema],
    errors: ["conflict"],
  },
  "delete /api/organizations/{orgId}/members/{userId}": {
    summary: "Remove a member (or leave)",
    description:
      "Admins and owners remove members (only an owner removes an owner); anyone may remove themselves. The last owner cannot leave (409).",
    auth: "any",
    ok: [204, "Removed."],
    errors: ["conflict"],
  },
} as const satisfies Rows;
