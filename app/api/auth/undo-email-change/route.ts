import { undoEmailChange } from "@/lib/accounts/email-change";
import { handler, methods } from "@/lib/http/route";

// The link in "your email address was changed" notices. POST only: opening a link must not change
// anything (mail scanners follow links); the page at /undo-email-change/{token} posts here.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/undo-email-change", async ({ body, client }) => ({ json: await undoEmailChange(body.token, client) })),
});
