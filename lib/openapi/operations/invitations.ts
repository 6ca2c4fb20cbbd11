import * as orgs from "@/lib/validation/organizations";
import * as out from "../schemas";
import type { Rows } from ".";

// Invitations to an organization, and accepting one. Row format: index.ts.
export const INVITATIONS = {
  "post /api/organizations/{orgId}/invitations": {
    summary: "Invite someone",
    description:
      "Emails a link (valid 7 days, single use, revocable) to join with a role. Inviting a member answers 409; inviting an address with a pending invitation replaces it.",
    auth: "any",
    body: orgs.createInvitationSchema,
    ok: [201, "Invited.", out.invitationSchema],
    errors: ["conflict", "rate_limited"],
  },
  "get /api/organizations/{orgId}/invitations": {
    summary: "List invitations",
    description: "Admins and owners (`invitations:read`). Never the token.",
    auth: "any",
    ok: [200, "Invitations.", out.listOf(out.invitationSchema)],
  },
  "delete /api/organizations/{orgId}/invitations/{id}": {
    summary: "Revoke an invitation",
    description: "The link stops working at once.",
    auth: "any",
    ok: [204, "Revoked."],
    errors: ["conflict"],
  },
  "post /api/invitations/{token}/accept": {
    summary: "Accept an invitation",
    description:
      "The signed-in user's email must match the invitation's (case-insensitively). Used, expired or revoked invitations answer 400 invalid_token; an account an admin disabled (in a request that raced the disable) 403 account_disabled.",
    auth: "user",
    params: orgs.invitationTokenParamsSchema,
    ok: [200, "The new membership.", out.membershipSchema],
    errors: ["account_disabled", "invalid_token", "forbidden", "conflict"],
  },
} as const satisfies Rows;
