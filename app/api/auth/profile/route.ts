import { loadProfile } from "@/lib/accounts/profile";
import { handler, methods } from "@/lib/http/route";

const getProfile = handler({ auth: "user" }, async ({ principal }) => ({
  json: await loadProfile(principal.userId, principal.organizationId),
}));

export const { GET, POST, PUT, PATCH, DELETE } = methods({ GET: getProfile });
