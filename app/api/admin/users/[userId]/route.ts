import { requireInstanceAdmin } from "@/lib/admin/access";
import { getUser } from "@/lib/admin/users";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handler("get /api/admin/users/{userId}", async ({ principal, params }) => {
    await requireInstanceAdmin(principal);
    return { json: await getUser(params.userId) };
  }),
});
