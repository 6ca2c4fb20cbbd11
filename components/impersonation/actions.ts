"use server";
import { redirect } from "next/navigation";
import { requireInstanceAdmin } from "@/lib/admin/access";
import { endImpersonationInBrowser, impersonateInBrowser } from "@/lib/admin/browser-impersonation";
import { actionRequest, currentPrincipal, userAction } from "@/lib/actions/safe-action";
import { adminUserActionSchema } from "@/lib/validation/admin";

// Signing in as someone from the /admin pages, and the banner's "End". Server actions carry
// Next's Origin check, so another site cannot post either of them.

export const impersonateAction = userAction(adminUserActionSchema, async (input, { principal, client }) => {
  const admin = await requireInstanceAdmin(principal);
  await impersonateInBrowser(admin, input.userId, input.reason, client);
  redirect("/profile");
});

export async function endImpersonationAction(): Promise<void> {
  const principal = await currentPrincipal(await actionRequest());
  const userId = principal ? await endImpersonationInBrowser(principal) : null;
  redirect(userId ? `/admin/users/${userId}` : "/login");
}
