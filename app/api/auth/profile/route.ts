import { loadProfile } from "@/lib/accounts/profile";
import { updateProfile } from "@/lib/accounts/profile-update";
import { handler, methods } from "@/lib/http/route";
import { updateProfileSchema } from "@/lib/validation/profile";

const getProfile = handler({ auth: "user" }, async ({ principal }) => ({
  json: await loadProfile(principal.userId, principal.organizationId),
}));

// PUT is accepted for clients of older APIs; both are partial updates.
const patchProfile = handler({ auth: "user", body: updateProfileSchema }, async ({ principal, body, client }) => ({
  json: await updateProfile(principal, body, client),
}));

export const { GET, POST, PUT, PATCH, DELETE } = methods({ GET: getProfile, PATCH: patchProfile, PUT: patchProfile });
