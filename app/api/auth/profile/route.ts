import { profileFromRow } from "@/lib/accounts/profile";
import { updateProfile } from "@/lib/accounts/profile-update";
import { handler, methods } from "@/lib/http/route";

// The profile is read in the session check's own statement: one round trip per request.
const getProfile = handler("get /api/auth/profile", { withProfile: true }, async ({ principal, profile }) => ({
  json: profileFromRow(profile, principal.organizationId),
}));

// PUT is accepted for clients of older APIs; both are partial updates.
const patchProfile = handler("patch put /api/auth/profile", async ({ principal, body, client }) => ({
  json: await updateProfile(principal, body, client),
}));

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET: getProfile, PATCH: patchProfile, PUT: patchProfile });
