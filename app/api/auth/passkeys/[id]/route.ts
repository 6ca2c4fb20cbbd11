import { handler, methods, noContent } from "@/lib/http/route";
import { removePasskey, renamePasskey } from "@/lib/passkeys/manage";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  PATCH: handler("patch /api/auth/passkeys/{id}", async ({ principal, params, body }) => ({
    json: await renamePasskey(principal, params.id, body.name),
  })),
  DELETE: handler("delete /api/auth/passkeys/{id}", async ({ principal, params, body, client }) => {
    await removePasskey(principal, params.id, client, body);
    return noContent();
  }),
});
