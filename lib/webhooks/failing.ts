import "server-only";
import { createElement } from "react";
import WebhookDisabled from "@/emails/webhook-disabled";
import { displayName } from "@/lib/accounts/profile";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { sqlTransaction } from "@/lib/db/sql";
import { disableFailingEndpoint } from "@/lib/db/statements/webhooks";
import { emit } from "@/lib/events/emit";
import { log } from "@/lib/log";
import { sendEmail } from "@/lib/mail/send";
import { endpointMetadata } from "./endpoint-metadata";

// An endpoint that has failed every attempt for 5 days is turned off (API.md, "Webhooks"), so the
// queue stops growing for a receiver that is gone, and the organization's owners are told. The
// change and its `webhook.disabled` event commit together; the emails go after.

export async function disableFailingEndpoints(endpointIds: string[]): Promise<void> {
  for (const endpointId of endpointIds) {
    const disabled = await sqlTransaction(async (tx) => {
      const row = await disableFailingEndpoint(tx, endpointId);
      if (row) {
        await emit(tx, {
          type: "webhook.disabled",
          organizationId: row.organizationId,
          actorId: null,
          metadata: endpointMetadata({ id: endpointId, url: row.url }, { reason: "failing" }),
        });
      }
      return row;
    });
    if (disabled) await tellOwners(disabled.organizationId, disabled.url);
  }
}

async function tellOwners(organizationId: string, url: string): Promise<void> {
  const organization = await db().organization.findUnique({
    where: { id: organizationId },
    select: {
      name: true,
      memberships: {
        where: { role: "owner" },
        select: { user: { select: { email: true, name: true, firstName: true, lastName: true } } },
      },
    },
  });
  if (!organization) return;
  const webhooksUrl = `${config().appUrl}/organizations/${organizationId}/webhooks`;
  for (const { user } of organization.memberships) {
    try {
      await sendEmail({
        to: user.email,
        subject: `A webhook endpoint of ${organization.name} was disabled`,
        react: createElement(WebhookDisabled, { name: displayName(user), organizationName: organization.name, url, webhooksUrl }),
      });
    } catch (error) {
      log.warn("webhook_disabled_notice_failed", { organizationId, error });
    }
  }
}
