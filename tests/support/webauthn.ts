import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";

// A software authenticator for the integration tests: a real P-256 key pair from node:crypto
// that answers the server's WebAuthn options the way a platform authenticator would. It builds
// real authenticatorData (RP id hash, flags, signature counter, attested credential data with a
// COSE key), real clientDataJSON, a CBOR attestation object with format "none", and ES256
// signatures over authenticatorData ‖ SHA-256(clientDataJSON). Nothing of the server's library
// is mocked: every response goes through @simplewebauthn/server's real checks.
//
// Each call can be bent (another origin, another RP id, no user verification, a chosen counter,
// another credential id) to play the attacks the server must refuse.

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

// --- a minimal CBOR encoder (RFC 8949): unsigned/negative ints, byte and text strings, maps ---
function head(major: number, value: number): Buffer {
  if (value < 24) return Buffer.from([(major << 5) | value]);
  if (value < 0x100) return Buffer.from([(major << 5) | 24, value]);
  if (value < 0x10000) return Buffer.from([(major << 5) | 25, value >> 8, value & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(value, 1);
  return b;
}
type Cbor = number | string | Uint8Array | Map<Cbor, Cbor>;
export function cbor(value: Cbor): Buffer {
  if (typeof value === "number") return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === "string") {
    const text = Buffer.from(value, "utf8");
    return Buffer.concat([head(3, text.length), text]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), Buffer.from(value)]);
  const parts = [head(5, value.size)];
  for (const [k, v] of value) parts.push(cbor(k), cbor(v));
  return Buffer.concat(parts);
}

const FLAG = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40 } as const;

export interface Tweaks {
  origin?: string;
  rpId?: string;
  userVerified?: boolean;
  /** The signature counter to report (default: the authenticator's own, incremented when it keeps one). */
  counter?: number;
  /** Answer with another credential id than this passkey's (its key still signs). */
  credentialId?: string;
  /** The user handle to report (default: the one stored at registration). */
  userHandle?: string | null;
  type?: string;
}

export interface AuthenticatorOptions {
  origin?: string;
  /** A synced passkey (backup eligible and backed up): the server records it as multi-device, amr swk. */
  synced?: boolean;
  /** Keep a signature counter (hardware keys do; most synced passkeys report 0). */
  keepsCounter?: boolean;
}

/** One passkey held by a software authenticator. */
export class SoftwarePasskey {
  readonly credentialId = b64url(randomBytes(16));
  private readonly privateKey: KeyObject;
  private readonly publicJwk: { x: string; y: string };
  counter = 0;
  userHandle: string | undefined;
  rpId: string | undefined;

  constructor(readonly options: AuthenticatorOptions = {}) {
    const pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.privateKey = pair.privateKey;
    const jwk = pair.publicKey.export({ format: "jwk" });
    this.publicJwk = { x: jwk.x!, y: jwk.y! };
  }

  private get origin() {
    return this.options.origin ?? process.env.APP_URL ?? "http://localhost:3000";
  }

  private flags(userVerified: boolean, extra = 0) {
    const backup = this.options.synced ? FLAG.BE | FLAG.BS : 0;
    return FLAG.UP | (userVerified ? FLAG.UV : 0) | backup | extra;
  }

  private authenticatorData(rpId: string, flags: number, counter: number, attested?: Buffer) {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), count, ...(attested ? [attested] : [])]);
  }

  private clientData(type: string, challenge: string, origin: string) {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  /** Answers creation options (POST /api/auth/passkeys/register/options) like navigator.credentials.create(). */
  register(options: { challenge: string; rp: { id?: string }; user: { id: string } }, tweaks: Tweaks = {}) {
    const rpId = tweaks.rpId ?? options.rp.id ?? new URL(this.origin).hostname;
    this.rpId = rpId;
    this.userHandle = options.user.id;
    const coseKey = cbor(
      new Map<Cbor, Cbor>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(this.publicJwk.x, "base64url")],
        [-3, Buffer.from(this.publicJwk.y, "base64url")],
      ]),
    );
    const id = Buffer.from(this.credentialId, "base64url");
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(id.length);
    const attested = Buffer.concat([Buffer.alloc(16) /* AAGUID: none */, idLength, id, coseKey]);
    const authData = this.authenticatorData(rpId, this.flags(tweaks.userVerified ?? true, FLAG.AT), this.counter, attested);
    const attestationObject = cbor(
      new Map<Cbor, Cbor>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]),
    );
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key" as const,
      authenticatorAttachment: "platform" as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(this.clientData(tweaks.type ?? "webauthn.create", options.challenge, tweaks.origin ?? this.origin)),
        attestationObject: b64url(attestationObject),
        transports: ["internal" as const],
      },
    };
  }

  /** Answers request options (POST /api/auth/passkeys/authenticate/options) like navigator.credentials.get(). */
  assert(options: { challenge: string; rpId?: string }, tweaks: Tweaks = {}) {
    const rpId = tweaks.rpId ?? options.rpId ?? this.rpId ?? "localhost";
    if (tweaks.counter === undefined && this.options.keepsCounter) this.counter += 1;
    const counter = tweaks.counter ?? (this.options.keepsCounter ? this.counter : 0);
    const authData = this.authenticatorData(rpId, this.flags(tweaks.userVerified ?? true), counter);
    const clientDataJSON = this.clientData(tweaks.type ?? "webauthn.get", options.challenge, tweaks.origin ?? this.origin);
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), this.privateKey); // DER, as WebAuthn wants
    const userHandle = tweaks.userHandle === undefined ? this.userHandle : tweaks.userHandle;
    const id = tweaks.credentialId ?? this.credentialId;
    return {
      id,
      rawId: id,
      type: "public-key" as const,
      authenticatorAttachment: "platform" as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(userHandle ? { userHandle } : {}),
      },
    };
  }
}
