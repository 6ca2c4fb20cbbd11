"use server";
import { redirect } from "next/navigation";
import { userAction } from "@/lib/actions/safe-action";
import { createOrganization } from "@/lib/organizations/organizations";
import { switchOrganization } from "@/lib/organizations/switch";
import { createOrganizationSchema } from "@/lib/validation/organizations";

// The same module as POST /api/organizations. A new organization becomes the active one, as a
// person creating it expects to work in it next.
export const createOrganizationAction = userAction(createOrganizationSchema, async (input, { principal, client }) => {
  const organization = await createOrganization(principal, input, client);
  await switchOrganization(principal, organization.id, client, { tokens: false });
  redirect(`/organizations/${organization.id}`);
});
