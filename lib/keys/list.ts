import "server-only";
import { freshKeys, stateOf } from "./store";

// The keys as instance admins see them (GET /api/admin/signing-keys): dates and states, never a
// private part. Expired keys (no longer published) are left out.

export async function listSigningKeys() {
  const now = Date.now();
  const { keys } = await freshKeys();
  return {
    items: keys
      .map((key) => ({ key, state: stateOf(key, now) }))
      .filter(({ state }) => state !== "expired")
      .map(({ key, state }) => ({
        kid: key.kid,
        algorithm: key.algorithm,
        state: state as "pending" | "active" | "retiring",
        createdAt: key.createdAt.toISOString(),
        activatesAt: key.activatesAt.toISOString(),
        retiresAt: key.retiresAt?.toISOString() ?? null,
        publishedUntil: key.publishedUntil?.toISOString() ?? null,
      })),
  };
}
