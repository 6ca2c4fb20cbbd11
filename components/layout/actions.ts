"use server";
import { signOut } from "@/auth";
import { userAction } from "@/lib/actions/safe-action";
import { switchOrganization } from "@/lib/organizations/switch";
import { switchOrganizationSchema } from "@/lib/validation/organizations";

// Header actions: organization switcher and sign-out.

export const switchOrganizationAction = userAction(switchOrganizationSchema, async (input, { principal, client }) => {
  // The same module as POST /api/auth/switch-org: it moves this session, so the cookie's sid
  // now reads as the new organization everywhere. No token pair is needed here.
  await switchOrganization(principal, input.organizationId, client, { tokens: false });
  return { organizationId: input.organizationId };
});

/** Auth.js's signOut event revokes our session too (see auth.ts). */
export async function signOutAction() {
  await signOut({ redirectTo: "/login?signedOut=1" });
}
