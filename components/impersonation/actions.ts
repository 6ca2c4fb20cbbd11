"use server";
import { redirect } from "next/navigation";
import { endImpersonationInBrowser } from "@/lib/admin/browser-impersonation";
import { actionRequest, currentPrincipal } from "@/lib/actions/safe-action";

// The impersonation banner's "End" (signing in as someone starts on the /admin user page). A
// server action carries Next's Origin check, so another site cannot post it.

export async function endImpersonationAction(): Promise<void> {
  const principal = await currentPrincipal(await actionRequest());
  const userId = principal ? await endImpersonationInBrowser(principal) : null;
  redirect(userId ? `/admin/users/${userId}` : "/login");
}
