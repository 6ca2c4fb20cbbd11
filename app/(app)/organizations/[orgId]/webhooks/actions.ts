"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import * as z from "zod";
import { orgAction } from "@/lib/actions/safe-action";
import { idSchema } from "@/lib/validation/common";
import { webhookCreateFormSchema, webhookEditFormSchema, webhookUpdateFormSchema } from "@/lib/validation/forms";
import { retryDelivery } from "@/lib/webhooks/deliveries";
import { createWebhook, deleteWebhook, rotateWebhookSecret, sendTestEvent, updateWebhook } from "@/lib/webhooks/endpoints";

// The Webhooks pages' actions: the same use cases as /api/organizations/{orgId}/webhooks/**,
// asked for the same permission (organization:update, i.e. admins and owners), which the use
// cases check again next to the data. Each answer re-renders the pages under /webhooks, so a
// list, a status or a new delivery shows at once, with JavaScript or without.

const MANAGE = { resource: "organization", action: "update" } as const;
const endpointSchema = z.object({ id: idSchema });
const deliverySchema = endpointSchema.extend({ deliveryId: idSchema });

const refreshPages = (orgId: string) => revalidatePath(`/organizations/${orgId}/webhooks`, "layout");

export const createWebhookAction = orgAction(MANAGE, webhookCreateFormSchema, async (input, { principal, access, client }) => {
  const created = await createWebhook(principal, { orgId: access.organization.id }, input, client);
  refreshPages(access.organization.id);
  return { ok: true as const, data: { id: created.id, url: created.url, secret: created.secret } };
});

export const editWebhookAction = orgAction(MANAGE, webhookEditFormSchema, async ({ id, ...changes }, { principal, access, client }) => {
  await updateWebhook(principal, { orgId: access.organization.id }, id, changes, client);
  refreshPages(access.organization.id);
  return { ok: true as const, data: null, message: "Endpoint saved." };
});

/** The enable/disable switch: a PATCH of `enabled` alone. */
export const setWebhookEnabledAction = orgAction(
  MANAGE,
  webhookUpdateFormSchema,
  async ({ id, ...changes }, { principal, access, client }) => {
    const updated = await updateWebhook(principal, { orgId: access.organization.id }, id, { enabled: changes.enabled }, client);
    refreshPages(access.organization.id);
    return {
      ok: true as const,
      data: { enabled: updated.enabled },
      message: updated.enabled
        ? "Endpoint enabled: new events are delivered to it again."
        : "Endpoint disabled: nothing is sent to it until you enable it again.",
    };
  },
);

export const sendTestEventAction = orgAction(MANAGE, endpointSchema, async ({ id }, { principal, access }) => {
  const { eventId } = await sendTestEvent(principal, { orgId: access.organization.id }, id);
  refreshPages(access.organization.id);
  return { ok: true as const, data: { eventId }, message: "Test event queued: it is sent within seconds and shows under Deliveries." };
});

export const rotateWebhookSecretAction = orgAction(MANAGE, endpointSchema, async ({ id }, { principal, access, client }) => {
  const { secret } = await rotateWebhookSecret(principal, { orgId: access.organization.id }, id, client);
  return { ok: true as const, data: { secret } };
});

export const deleteWebhookAction = orgAction(MANAGE, endpointSchema, async ({ id }, { principal, access, client }) => {
  await deleteWebhook(principal, { orgId: access.organization.id }, id, client);
  refreshPages(access.organization.id);
  redirect(`/organizations/${access.organization.id}/webhooks`);
});

export const retryDeliveryAction = orgAction(MANAGE, deliverySchema, async ({ id, deliveryId }, { principal, access }) => {
  await retryDelivery(principal, { orgId: access.organization.id }, id, deliveryId);
  refreshPages(access.organization.id);
  return { ok: true as const, data: null, message: "Retry queued: it is sent within seconds." };
});
