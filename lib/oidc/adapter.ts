import "server-only";
import { errors, type Adapter, type AdapterPayload } from "oidc-provider";
import { hasNul } from "./params";
import { holdConsumption, holdWrite, NOT_READ_AHEAD, takeReadAhead } from "./token-request";
import {
  consumeOidcPayload,
  destroyOidcPayload,
  oidcGrantOf,
  oidcPayload,
  oidcPayloadByUid,
  oidcPayloadByUserCode,
  revokeOidcGrant,
  revokeOidcKindOfGrant,
  upsertOidcPayload,
  type OidcRow,
} from "@/lib/db/statements/oidc";

// oidc-provider's storage, in PostgreSQL (every instance sees every code, token and session; a
// restart loses nothing). The library hands us opaque payloads per model; we keep them as JSON
// and answer `consumed` from our own column, which is what code-replay detection reads.
// The Client model is not stored here: clients come from oauth_clients (lib/oidc/clients.ts).

const withConsumed = (row: OidcRow | undefined): AdapterPayload | undefined =>
  row ? ({ ...row.payload, ...(row.consumed ? { consumed: true } : {}) } as AdapterPayload) : undefined;

// PostgreSQL refuses a NUL character in text and in jsonb (params.ts, hasNul): an id carrying one
// is simply not found; a payload carrying one (a nonce sent with %00) is the client's bad request.
const carriesNul = (value: unknown): boolean =>
  typeof value === "string" ? hasNul(value) : typeof value === "object" && value !== null && Object.values(value).some(carriesNul);

export class PostgresAdapter implements Adapter {
  constructor(private readonly kind: string) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    if (carriesNul(payload)) throw new errors.InvalidRequest("request parameters must not contain NUL characters");
    const write = {
      kind: this.kind,
      id,
      payload: payload as Record<string, unknown>,
      grantId: payload.grantId ?? null,
      userCode: payload.userCode ?? null,
      uid: payload.uid ?? null,
      expiresInSeconds: expiresIn ? Math.ceil(expiresIn) : null,
    };
    // The token endpoint writes its tokens together, once its answer is built (token-request.ts).
    if (!holdWrite(write)) await upsertOidcPayload(write);
  }

  async find(id: string) {
    if (hasNul(id)) return undefined;
    const ahead = takeReadAhead(this.kind, id);
    return withConsumed(ahead === NOT_READ_AHEAD ? await oidcPayload(this.kind, id) : (ahead ?? undefined));
  }

  async findByUid(uid: string) {
    if (hasNul(uid)) return undefined;
    return withConsumed(await oidcPayloadByUid(this.kind, uid));
  }

  async findByUserCode(userCode: string) {
    if (hasNul(userCode)) return undefined;
    return withConsumed(await oidcPayloadByUserCode(this.kind, userCode));
  }

  /**
   * The library reads `consumed` and then consumes, two steps another request can slip between:
   * here the second of two racing uses of one code or refresh token loses, and (as for any reuse)
   * everything its grant issued is revoked.
   */
  async consume(id: string): Promise<void> {
    // In a token request: consumed with the tokens it issues, in one statement (token-request.ts).
    if (holdConsumption(this.kind, id)) return;
    if (await consumeOidcPayload(this.kind, id)) return;
    const grantId = await oidcGrantOf(this.kind, id);
    if (grantId) await revokeOidcGrant(grantId);
    throw new errors.InvalidGrant("grant request is invalid");
  }

  async destroy(id: string): Promise<void> {
    await destroyOidcPayload(this.kind, id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await revokeOidcKindOfGrant(this.kind, grantId);
  }
}
