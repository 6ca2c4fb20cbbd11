import "server-only";
import type { Tx } from "@/lib/db/client";
import { failPendingDeliveries } from "@/lib/db/statements/webhooks";
import { emit } from "@/lib/events/emit";
import type { ClientInfo } from "@/lib/http/client-info";
import type { Actor } from "@/lib/organizations/context";
import { hasPermission, permissionsOf, type Permission, type RoleName } from "@/lib/organizations/permissions";
import { endpointMetadata } from "./endpoint-metadata";

// An endpoint receives the organization's events: the audit trail, with members' and invitees'
// addresses. Managing one takes `organization:update` and `audit_log:read`, and an endpoint must
// not outlive its creator's right to them, as an API key must not outlive its creator's
// permissions (lib/api-keys/creator-rights.ts): when the person who added it is removed or
// demoted below that, it is turned off in the same transaction. Another admin may turn it back on,
// and becomes its creator by doing so.

export const canManageWebhooks = (permissions: readonly Permission[]) =>
  hasPermission(permissions, "organization", "update") && hasPermission(permissions, "audit_log", "read");

export async function withdrawEndpointsBeyondRole(
  tx: Tx,
  input: { organizationId: string; creatorId: string; role: RoleName | null; actor: Actor; client: ClientInfo },
): Promise<void> {
  if (input.role && canManageWebhooks(permissionsOf(input.role))) return;
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { organizationId: input.organizationId, createdById: input.creatorId, enabled: true },
    select: { id: true, url: true },
  });
  for (const endpoint of endpoints) {
    await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { enabled: false, disabledReason: "creator_removed" } });
    await failPendingDeliveries(tx, endpoint.id, "endpoint disabled: the person who added it can no longer manage webhooks");
    await emit(tx, {
      type: "webhook.disabled",
      organizationId: input.organizationId,
      ...input.actor,
      client: input.client,
      metadata: endpointMetadata(endpoint, { reason: "creator_removed" }),
    });
  }
}
