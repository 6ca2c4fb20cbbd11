import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { apiKeyByHash } from "@/lib/db/statements/api-keys";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { emit } from "@/lib/events/emit";
import { log } from "@/lib/log";
import { permissionSchema } from "@/lib/organizations/permissions";
import { apiKeyHash, looksLikeApiKey } from "./format";

const USE_RECORD_INTERVAL_MS = 60_000;

const invalidKey = () => new ApiError("unauthorized", "The API key is invalid, expired or deleted.");

/**
 * Resolves an X-API-Key header to its organization-scoped principal. One lookup by hash per
 * request and no cache, so a deleted key stops on the very next request. Use is recorded at
 * most once a minute per key: a conditional update decides which request writes it, so
 * concurrent requests cannot record it twice.
 */
export async function authenticateApiKey(key: string, client?: ClientInfo): Promise<Extract<Principal, { kind: "api_key" }>> {
  if (!looksLikeApiKey(key)) throw invalidKey();
  // Plain SQL: this runs on every API-key request (see lib/db/sql.ts).
  const row = await apiKeyByHash(apiKeyHash(key), USE_RECORD_INTERVAL_MS / 1000);
  if (!row?.live) throw invalidKey();
  const permissions = permissionSchema.array().safeParse(row.permissions);
  if (!permissions.success) throw invalidKey();

  // Most requests skip the write entirely; the conditional update settles races between the rest.
  if (row.useDue) {
    await recordUse(row.id, row.organizationId, client).catch((error: unknown) => log.warn("api key use not recorded", { error }));
  }
  return { kind: "api_key", apiKeyId: row.id, organizationId: row.organizationId, permissions: permissions.data };
}

async function recordUse(apiKeyId: string, organizationId: string, client?: ClientInfo) {
  const now = new Date();
  await db().$transaction(async (tx) => {
    const claimed = await tx.apiKey.updateMany({
      where: { id: apiKeyId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - USE_RECORD_INTERVAL_MS) } }] },
      data: { lastUsedAt: now },
    });
    if (claimed.count === 0) return;
    await emit(tx, { type: "api_key.used", organizationId, actorId: apiKeyId, actorType: "api_key", client });
  });
}
