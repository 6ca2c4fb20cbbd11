"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { instanceAdminAction } from "@/lib/actions/safe-action";
import { createOAuthClient, deleteOAuthClient, getOAuthClient, rotateOAuthClientSecret, updateOAuthClient } from "@/lib/oauth/clients";
import { oauthClientCreateFormSchema, oauthClientEditFormSchema } from "@/lib/validation/oauth-client-forms";
import { oauthClientParamsSchema, type UpdateOAuthClientInput } from "@/lib/validation/oauth-clients";

// The OAuth client pages' actions: the same use cases as /api/admin/oauth-clients/**, behind the
// same check (instanceAdminAction asks requireInstanceAdmin on every call), so validation and
// events are the API's. Each answer re-renders the pages under /admin/oauth-clients, with
// JavaScript or without. A new secret is in the answer to the one POST that made it, and nowhere
// else: the page shows it once and a reload finds it gone. CSRF: as users/[userId]/actions.ts says.

const refreshPages = () => revalidatePath("/admin/oauth-clients", "layout");

export type CreatedClient = { id: string; name: string; clientSecret: string | null };

export const createOAuthClientAction = instanceAdminAction(oauthClientCreateFormSchema, async (input, { admin, client }) => {
  const created = await createOAuthClient(admin, input, client);
  refreshPages();
  return {
    ok: true as const,
    data: { id: created.id, name: created.name, clientSecret: created.clientSecret ?? null } satisfies CreatedClient,
    message: `“${created.name}” is registered. Its client id is ${created.id}.`,
  };
});

/** The edit form posts every field; only what differs is sent on, so the event names what changed. */
export const editOAuthClientAction = instanceAdminAction(oauthClientEditFormSchema, async ({ clientId, ...posted }, { admin, client }) => {
  const current = await getOAuthClient(clientId);
  const changes = Object.fromEntries(
    Object.entries(posted).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(current[key as keyof typeof current])),
  ) as UpdateOAuthClientInput;
  if (Object.keys(changes).length === 0) return { ok: true as const, data: null, message: "Nothing changed." };
  await updateOAuthClient(admin, clientId, changes, client);
  refreshPages();
  return { ok: true as const, data: null, message: "Client saved." };
});

export const rotateOAuthClientSecretAction = instanceAdminAction(oauthClientParamsSchema, async ({ clientId }, { admin, client }) => {
  const { clientSecret } = await rotateOAuthClientSecret(admin, clientId, client);
  refreshPages();
  return { ok: true as const, data: { secret: clientSecret } };
});

export const deleteOAuthClientAction = instanceAdminAction(oauthClientParamsSchema, async ({ clientId }, { admin, client }) => {
  await deleteOAuthClient(admin, clientId, client);
  refreshPages();
  redirect("/admin/oauth-clients?deleted=1");
});
