import { requireInstanceAdmin } from "@/lib/admin/access";
import { deleteUser } from "@/lib/admin/delete";
import { getUser } from "@/lib/admin/users";
import { handler, methods, noContent } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/admin/users/{userId}", async ({ principal, params }) => {
    await requireInstanceAdmin(principal);
    return { json: await getUser(params.userId) };
  }),
  DELETE: handler("delete /api/admin/users/{userId}", async ({ principal, params, client }) => {
    const admin = await requireInstanceAdmin(principal);
    await deleteUser(admin, params.userId, client);
    return noContent();
  }),
});
