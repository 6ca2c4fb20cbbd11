import { changePassword } from "@/lib/accounts/password-change";
import { handler, methods } from "@/lib/http/route";

// PATCH is accepted for clients of older APIs.
const change = handler("post patch /api/auth/change-password", async ({ principal, body, client }) => ({
  json: await changePassword(principal, body, client),
}));

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({ POST: change, PATCH: change });
