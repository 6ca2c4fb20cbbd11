import { requireInstanceAdmin } from "@/lib/admin/access";
import { handler, methods } from "@/lib/http/route";
import { rotateSigningKeys } from "@/lib/keys/rotate";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/admin/signing-keys/rotate", async ({ principal, client }) => {
    const admin = await requireInstanceAdmin(principal);
    return { json: { items: await rotateSigningKeys({ actorId: admin.userId, client }) } };
  }),
});
