import "server-only";
import type { ApiKey } from "@/lib/generated/prisma/client";
import { sql } from "../sql";

// api_keys.

export type ApiKeyLookupRow = Pick<ApiKey, "id" | "organizationId" | "permissions" | "lastUsedAt"> & {
  /**
   * Not expired (or no expiry), by the database's clock; its creator's account not disabled, nor
   * held to the organization's enforced SSO (an address at its verified domains, not an owner):
   * a key must not outlive the IdP's say over the person who made it.
   */
  live: boolean;
  /** lastUsedAt is older than the use-record interval: this request records it. */
  useDue: boolean;
};

/** Runs on every API-key request: one lookup by hash, no cache. */
export async function apiKeyByHash(keyHash: string, useIntervalSeconds: number): Promise<ApiKeyLookupRow | undefined> {
  const [row] = await sql<ApiKeyLookupRow>(
    "api_key_lookup",
    `SELECT k.id, k."organizationId", k.permissions, k."lastUsedAt",
            (k."expiresAt" IS NULL OR k."expiresAt" > (now() AT TIME ZONE 'UTC'))
              AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = k."createdById" AND u."disabledAt" IS NOT NULL)
              AND NOT EXISTS (SELECT 1 FROM sso_connections c
                                JOIN users u ON u.id = k."createdById"
                                JOIN organization_domains d ON d."organizationId" = c."organizationId" AND d.status = 'verified'
                                                           AND d.domain = split_part(u.email, '@', 2)
                               WHERE c."organizationId" = k."organizationId" AND c.enforced
                                 AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m."organizationId" = k."organizationId"
                                                    AND m."userId" = u.id AND m.role = 'owner')) AS live,
            (k."lastUsedAt" IS NULL OR k."lastUsedAt" <= (now() AT TIME ZONE 'UTC') - make_interval(secs => $2)) AS "useDue"
       FROM api_keys k WHERE k."keyHash" = $1`,
    [keyHash, useIntervalSeconds],
  );
  return row;
}

export type ApiKeyListRow = Pick<
  ApiKey,
  "id" | "name" | "prefix" | "permissions" | "createdAt" | "lastUsedAt" | "expiresAt" | "createdById"
>;

/** One of the organization reads API clients call most. */
export async function apiKeysOf(organizationId: string): Promise<ApiKeyListRow[]> {
  return sql<ApiKeyListRow>(
    "api_keys_list",
    `SELECT id, name, prefix, permissions, "createdAt", "lastUsedAt", "expiresAt", "createdById"
       FROM api_keys WHERE "organizationId" = $1
      ORDER BY "createdAt" DESC, id DESC`,
    [organizationId],
  );
}
