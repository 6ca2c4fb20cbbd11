import * as orgs from "@/lib/validation/organizations";
import * as out from "../schemas";
import type { Rows } from ".";

// Organizations themselves. Row format, and what every `/api/organizations/{orgId}/…` row gets: index.ts.
export const ORGANIZATIONS = {
  "get /api/organizations": {
    summary: "My organizations",
    description: "The signed-in person's organizations with their role. (An API key reads its own at `/api/organizations/current`.)",
    auth: "user",
    ok: [200, "Organizations.", out.listOf(out.myOrganizationSchema)],
  },
  "post /api/organizations": {
    summary: "Create an organization",
    description: "The caller becomes its owner. Limited to 10 a day per person (429).",
    auth: "user",
    body: orgs.createOrganizationSchema,
    ok: [201, "Created.", out.organizationSchema],
    errors: ["conflict", "rate_limited"],
  },
  "get /api/organizations/{orgId}": {
    summary: "Read an organization",
    description: "Members and API keys with `organization:read`.",
    auth: "any",
    ok: [200, "Organization.", out.organizationSchema],
  },
  "patch /api/organizations/{orgId}": {
    summary: "Rename an organization, change its slug or its two-factor policy",
    description:
      "Admins and owners (`organization:update`). A slug already taken answers 409. `requireMfa` is the owner's alone, needs the step-up window, and needs the owner to have a second factor first (409 otherwise); while it is on, members without a factor and sessions at `aal1` are refused (403 `mfa_enrollment_required` / `mfa_required`), API keys are not.",
    auth: "any",
    body: orgs.updateOrganizationSchema,
    ok: [200, "Updated.", out.organizationSchema],
    errors: ["conflict", "reauthentication_required"],
  },
  "delete /api/organizations/{orgId}": {
    summary: "Delete an organization",
    description: "Owners only, with a recent password re-check (step-up). Removes its memberships, invitations, API keys and audit log.",
    auth: "any",
    ok: [204, "Deleted."],
    errors: ["reauthentication_required"],
  },
} as const satisfies Rows;
