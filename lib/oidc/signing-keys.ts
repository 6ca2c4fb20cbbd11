import "server-only";
import { createPrivateKey, createPublicKey, sign, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import { ExternalSigningKey } from "oidc-provider";
import type { PrivateJwk } from "@/lib/keys/private-jwks";

// The provider's ID-token keys, signing with node:crypto on Node's thread pool. Handed private
// JWKs, oidc-provider signs through jose on the event loop: an RS256 signature cost ~410 µs of
// the loop per token request here (290 µs of it the RSA operation itself), the largest single
// item of the provider's refresh after its round trips (docs/performance.md, "The OpenID
// Provider's rows"). As an ExternalSigningKey (the library's own hook for keys it does not hold,
// such as a KMS) the KeyObjects are built once per key and the signature is computed off the
// loop, as bcrypt is. The key material is the same sealed key (lib/keys): only where the
// arithmetic runs changes.

const signAsync = promisify(sign);

export class ThreadPoolSigningKey extends ExternalSigningKey {
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;
  readonly #dsaEncoding: "ieee-p1363" | undefined;

  constructor(jwk: PrivateJwk) {
    super();
    // oidc-provider's ExternalSigningKey keeps kid and alg behind setters its types leave out.
    Object.assign(this as unknown as { kid: string; alg: string }, { kid: jwk.kid, alg: jwk.alg });
    this.#privateKey = createPrivateKey({ key: jwk, format: "jwk" });
    this.#publicKey = createPublicKey(this.#privateKey);
    // JWS wants ECDSA signatures as r || s, not DER (RFC 7518 §3.4).
    this.#dsaEncoding = jwk.alg === "ES256" ? "ieee-p1363" : undefined;
  }

  keyObject(): KeyObject {
    return this.#publicKey;
  }

  /** RS256 (RSASSA-PKCS1-v1_5) and ES256 both hash with SHA-256. */
  async sign(data: Uint8Array): Promise<Uint8Array> {
    return signAsync("sha256", data, this.#dsaEncoding ? { key: this.#privateKey, dsaEncoding: this.#dsaEncoding } : this.#privateKey);
  }
}
