import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { requireRecentStepUp } from "@/lib/auth/step-up";
import { db } from "@/lib/db/client";
import { apiKeysOf } from "@/lib/db/statements/api-keys";
import type { ClientInfo } from "@/lib/http/client-info";
import { forbidden, notFound } from "@/lib/http/errors";
import { emit } from "@/lib/events/emit";
import { isPlausibleRef, requireOrganizationAccess, type OrgRef } from "@/lib/organizations/context";
import { isSubset, permissionSchema, RESOURCES, ACTIONS, type Permission } from "@/lib/organizations/permissions";
import { consume } from "@/lib/security/rate-limit";
import type { CreateApiKeyInput } from "@/lib/validation/organizations";
import { newApiKeySecret } from "./format";

// Organization-owned API keys. The secret is returned once, at creation; only its SHA-256 and
// a short prefix are stored.

const KEY_SELECT = {
  id: true,
  name: true,
  prefix: true,
  permissions: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  createdById: true,
} as const;

type KeyRow = {
  id: string;
  name: string;
  prefix: string;
  permissions: unknown;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  createdById: string | null;
};

const keyView = (row: KeyRow) => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  permissions: permissionSchema.array().catch([]).parse(row.permissions),
  createdAt: row.createdAt,
  lastUsedAt: row.lastUsedAt,
  expiresAt: row.expiresAt,
  createdById: row.createdById,
});

/** Sorted and without duplicates, so equal permission sets are stored alike. */
function normalize(permissions: readonly Permission[]): Permission[] {
  const key = (p: Permission) => RESOURCES.indexOf(p.resource) * ACTIONS.length + ACTIONS.indexOf(p.action);
  const unique = new Map(permissions.map((p) => [key(p), { resource: p.resource, action: p.action }]));
  return [...unique.entries()].sort(([a], [b]) => a - b).map(([, p]) => p);
}

export async function createApiKey(principal: Principal, ref: OrgRef, input: CreateApiKeyInput, client: ClientInfo) {
  const access = await requireOrganizationAccess(principal, ref, "api_keys", "create");
  // A key minting keys would let a leaked key outlive its own deletion.
  if (principal.kind !== "user") throw forbidden("API keys cannot create API keys.");
  const permissions = normalize(input.permissions ?? access.permissions);
  if (!isSubset(permissions, access.permissions)) {
    throw forbidden("A key cannot hold permissions you do not have in this organization.");
  }
  requireRecentStepUp(principal);
  await consume("apiKeysPerOrganization", access.organization.id);

  const secret = newApiKeySecret();
  const row = await db().$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        organizationId: access.organization.id,
        createdById: principal.userId,
        name: input.name,
        prefix: secret.prefix,
        keyHash: secret.keyHash,
        permissions,
        expiresAt: input.expiresAt ?? null,
      },
      select: KEY_SELECT,
    });
    await emit(tx, {
      type: "api_key.created",
      organizationId: access.organization.id,
      ...access.actor,
      client,
      metadata: {
        apiKeyId: created.id,
        name: created.name,
        prefix: created.prefix,
        permissions,
        expiresAt: created.expiresAt?.toISOString() ?? null,
      },
    });
    return created;
  });
  return { ...keyView(row), key: secret.key };
}

/** Plain SQL (lib/db/sql.ts): one of the organization reads API clients call most. */
export async function listApiKeys(principal: Principal, ref: OrgRef) {
  const access = await requireOrganizationAccess(principal, ref, "api_keys", "read");
  const rows = await apiKeysOf(access.organization.id);
  return rows.map(keyView);
}

/** Deleting the row is what stops the key: every request looks its hash up afresh. */
export async function deleteApiKey(principal: Principal, ref: OrgRef, apiKeyId: string, client: ClientInfo) {
  const access = await requireOrganizationAccess(principal, ref, "api_keys", "delete");
  if (!isPlausibleRef(apiKeyId)) throw notFound("No API key with this id in this organization.");
  await db().$transaction(async (tx) => {
    const row = await tx.apiKey.findFirst({
      where: { id: apiKeyId, organizationId: access.organization.id },
      select: { id: true, name: true, prefix: true },
    });
    if (!row) throw notFound("No API key with this id in this organization.");
    await tx.apiKey.delete({ where: { id: row.id } });
    await emit(tx, {
      type: "api_key.deleted",
      organizationId: access.organization.id,
      ...access.actor,
      client,
      metadata: { apiKeyId: row.id, name: row.name, prefix: row.prefix },
    });
  });
}
