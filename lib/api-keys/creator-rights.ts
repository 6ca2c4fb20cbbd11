import "server-only";
import type { Tx } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { emit } from "@/lib/events/emit";
import type { Actor } from "@/lib/organizations/context";
import { hasPermission, permissionSchema, permissionsOf, type RoleName } from "@/lib/organizations/permissions";

// A key acts with at most its creator's permissions, and only while the creator holds them: a
// key must not outlive its creator's membership (a removed admin would keep admin access through
// it), nor keep more than a demoted creator may grant. Called in the transaction that removes or
// demotes the member, like the withdrawal of their invitations.

export async function withdrawKeysBeyondRole(
  tx: Tx,
  input: { organizationId: string; creatorId: string; role: RoleName | null; actor: Actor; client: ClientInfo },
) {
  const keys = await tx.apiKey.findMany({
    where: { organizationId: input.organizationId, createdById: input.creatorId },
    select: { id: true, name: true, prefix: true, permissions: true },
  });
  const allowed = input.role ? permissionsOf(input.role) : [];
  for (const key of keys) {
    const held = permissionSchema.array().catch([]).parse(key.permissions);
    const kept = held.filter((p) => hasPermission(allowed, p.resource, p.action));
    if (kept.length === held.length) continue;
    const reason = input.role ? "creator_demoted" : "creator_removed";
    if (kept.length === 0) {
      await tx.apiKey.delete({ where: { id: key.id } });
      await emit(tx, {
        type: "api_key.deleted",
        organizationId: input.organizationId,
        ...input.actor,
        client: input.client,
        metadata: { apiKeyId: key.id, name: key.name, prefix: key.prefix, reason },
      });
    } else {
      await tx.apiKey.update({ where: { id: key.id }, data: { permissions: kept } });
    }
  }
}
