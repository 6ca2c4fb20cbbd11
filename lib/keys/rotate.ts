import "server-only";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { lockKey } from "@/lib/db/statements/locks";
import { deleteRetiredSigningKeys, insertSigningKey } from "@/lib/db/statements/signing-keys";
import { emit } from "@/lib/events/emit";
import type { ClientInfo } from "@/lib/http/client-info";
import { ALGORITHMS, newKeyMaterial } from "./material";
import { forgetSigningKeys, freshKeys, retentionSeconds, SIGNING_KEYS_LOCK } from "./store";

// Rotation (`npm run keys:rotate`, POST /api/admin/signing-keys/rotate): a successor for every
// algorithm, published now and signing after JWKS_PUBLISH_DELAY_SECONDS. Nothing is revoked: the
// keys it replaces keep verifying until what they signed has expired, so nobody is logged out.
// Keys past their retention are deleted on the way, and `keys.rotated` is recorded (instance-level).

export interface RotatedKey {
  kid: string;
  algorithm: string;
  activatesAt: string;
}

export async function rotateSigningKeys(by: { actorId: string | null; client?: ClientInfo }): Promise<RotatedKey[]> {
  // A first rotation on an empty table needs keys that sign meanwhile: created active at once.
  await freshKeys();
  const material = await Promise.all(ALGORITHMS.map(newKeyMaterial));
  const rows = await db().$transaction(async (tx) => {
    await lockKey(tx, SIGNING_KEYS_LOCK);
    await deleteRetiredSigningKeys(retentionSeconds(), tx);
    const inserted = [];
    for (const key of material) inserted.push(await insertSigningKey(key, config().JWKS_PUBLISH_DELAY_SECONDS, tx));
    const keys = inserted.map((row) => ({ kid: row.id, algorithm: row.algorithm, activatesAt: row.activatesAt.toISOString() }));
    await emit(tx, { type: "keys.rotated", organizationId: null, actorId: by.actorId, client: by.client, metadata: { keys } });
    return keys;
  });
  forgetSigningKeys();
  return rows;
}
