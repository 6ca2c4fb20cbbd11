import "server-only";
import type { JsonWebKey } from "node:crypto";
import { ALGORITHMS, type Algorithm } from "./material";
import { freshKeys, privateJwkOf, stateOf } from "./store";

// For the OpenID Provider (oidc-provider's `jwks` option takes private JWKs): per algorithm the
// active key first (oidc-provider signs with the first key of the algorithm), then the retiring
// ones, newest first, which still verify what they signed (an id_token_hint). Pending keys are left
// out: they must not sign yet. Never served: the public JWKS is lib/keys/jwks.ts.

export interface PrivateJwk extends JsonWebKey {
  kid: string;
  alg: Algorithm;
  use: "sig";
}

export interface PrivateJwks {
  keys: PrivateJwk[];
  /**
   * Changes whenever the list does (a key activates, one retires or expires): rebuild whatever was
   * built from `keys` when it differs from the version that was built with.
   */
  version: string;
}

export async function privateSigningJwks(algorithms: readonly Algorithm[] = ALGORITHMS): Promise<PrivateJwks> {
  const { keys } = await freshKeys();
  // Read after the keys: on a fresh database freshKeys creates them, active from that instant.
  const now = Date.now();
  const chosen = algorithms.flatMap((algorithm) => {
    const live = keys.filter((k) => k.algorithm === algorithm && ["active", "retiring"].includes(stateOf(k, now)));
    return live.reverse(); // newest activation first: the active key, then its predecessors
  });
  return {
    // Built when read: the provider asks on every request but rebuilds only when the version moves.
    get keys() {
      return chosen.map((key) => ({ ...privateJwkOf(key), kid: key.kid, alg: key.algorithm, use: "sig" as const }));
    },
    version: chosen.map((k) => k.kid).join(","),
  };
}
