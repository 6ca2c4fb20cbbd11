import "server-only";
import Provider, { type KoaContextWithOIDC } from "oidc-provider";
import { providerClient, type ProviderClientRow } from "@/lib/db/statements/oauth-clients";
import {
  clientWithGrantSource,
  oidcGrantOf,
  revokeOidcGrant,
  writeOidcPayloads,
  type OidcPayloadWrite,
  type OidcRow,
} from "@/lib/db/statements/oidc";
import type { OidcAccountRow } from "@/lib/db/statements/users";
import { log } from "@/lib/log";
import { hasNul } from "./params";

// The token endpoint in two round trips instead of seven (docs/performance.md, "The OpenID
// Provider's rows"). oidc-provider asks its storage one thing at a time: for a refresh, the
// client, the refresh token, its grant, its person, then it consumes the token and saves the new
// refresh and access tokens. On these machines each round trip costs ~150 µs of CPU (the socket
// write, the driver's parsing), more than everything else we add. So, for one token request:
//   - reads ahead: the client's read also fetches the code or refresh token being redeemed, its
//     grant and its person (the grant's next three questions); each is answered from there once;
//   - writes once: the consumption and the new tokens are held, then written by one statement
//     after the library has built its answer and before it is sent. One statement is also all
//     or nothing: a used token never leaves the client without its successor, and a request
//     whose token another request consumed first writes nothing, revokes the grant (reuse
//     detection, as lib/oidc/adapter.ts does when it consumes at once) and answers invalid_grant.
// Anything outside a token request (authorization, userinfo, introspection) reads and writes at once.

interface TokenRequest {
  /** `<kind>:<id>` → the row read ahead (null: not there), answered once. */
  readAhead: Map<string, OidcRow | null>;
  accounts: Map<string, OidcAccountRow | null>;
  consume?: { kind: string; id: string };
  writes: Map<string, OidcPayloadWrite>;
}

const requests = new WeakMap<object, TokenRequest>();

/** Kinds the token endpoint consumes, and kinds it issues: the ones held until the answer. */
const CONSUMED = new Set(["AuthorizationCode", "RefreshToken"]);
const ISSUED = new Set(["AccessToken", "RefreshToken", "ClientCredentials"]);

function tokenContext(): KoaContextWithOIDC | undefined {
  const ctx = Provider.ctx;
  return ctx?.oidc.route === "token" ? ctx : undefined;
}

function tokenRequest(): TokenRequest | undefined {
  const ctx = tokenContext();
  if (!ctx) return undefined;
  let request = requests.get(ctx);
  if (!request) requests.set(ctx, (request = { readAhead: new Map(), accounts: new Map(), writes: new Map() }));
  return request;
}

/** What each grant type redeems: the model and the parameter carrying its id. */
const GRANT_SOURCES: Record<string, { kind: string; param: string }> = {
  authorization_code: { kind: "AuthorizationCode", param: "code" },
  refresh_token: { kind: "RefreshToken", param: "refresh_token" },
};

/** The client (lib/oidc/clients.ts), with what a token request redeems read in the same round trip. */
export async function readClient(clientId: string): Promise<ProviderClientRow | undefined> {
  const params = tokenContext()?.oidc.params;
  const source = GRANT_SOURCES[String(params?.grant_type)];
  const sourceId = source ? params?.[source.param] : undefined;
  const request = tokenRequest();
  // A value PostgreSQL cannot take (a NUL) is no stored token: the adapter answers "not found".
  if (!request || !source || typeof sourceId !== "string" || hasNul(sourceId) || request.readAhead.size > 0) {
    return providerClient(clientId);
  }
  const ahead = await clientWithGrantSource(clientId, source.kind, sourceId);
  if (!ahead.client) return undefined;
  request.readAhead.set(`${source.kind}:${sourceId}`, ahead.source ?? null);
  if (ahead.source) {
    const { grantId, accountId } = ahead.source.payload as { grantId?: string; accountId?: string };
    if (grantId) request.readAhead.set(`Grant:${grantId}`, ahead.grant ?? null);
    if (accountId) request.accounts.set(accountId, ahead.account ?? null);
  }
  return ahead.client;
}

const NOT_READ_AHEAD = Symbol("not read ahead");

/** A row this request read ahead (null: read, not there), or NOT_READ_AHEAD: ask the database. */
export function takeReadAhead(kind: string, id: string): OidcRow | null | typeof NOT_READ_AHEAD {
  return take(tokenRequest()?.readAhead, `${kind}:${id}`);
}

export function takeReadAheadAccount(accountId: string): OidcAccountRow | null | typeof NOT_READ_AHEAD {
  return take(tokenRequest()?.accounts, accountId);
}

function take<T>(rows: Map<string, T> | undefined, key: string): T | typeof NOT_READ_AHEAD {
  if (!rows?.has(key)) return NOT_READ_AHEAD;
  const row = rows.get(key)!;
  rows.delete(key);
  return row;
}

export { NOT_READ_AHEAD };

/** Holds a token request's consumption until its answer; false: consume at once. */
export function holdConsumption(kind: string, id: string): boolean {
  const request = tokenRequest();
  if (!request || !CONSUMED.has(kind) || request.consume) return false;
  request.consume = { kind, id };
  return true;
}

/** Holds a token the token endpoint issues until its answer; false: write at once. */
export function holdWrite(write: OidcPayloadWrite): boolean {
  const request = tokenRequest();
  if (!request || !ISSUED.has(write.kind)) return false;
  request.writes.set(`${write.kind}:${write.id}`, write);
  return true;
}

/**
 * Koa middleware around the provider's routes: after a token request has built its answer,
 * writes what it held, in one statement, or answers invalid_grant when its code or refresh token
 * was used by another request in the meantime. A failed request writes nothing.
 */
export async function completeTokenRequest(ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
  await next();
  const request = requests.get(ctx);
  requests.delete(ctx);
  if (!request || ctx.status !== 200 || (!request.consume && request.writes.size === 0)) return;
  try {
    const { consumed } = await writeOidcPayloads(request.consume ?? null, [...request.writes.values()]);
    if (request.consume && !consumed) {
      const grantId = await oidcGrantOf(request.consume.kind, request.consume.id);
      if (grantId) await revokeOidcGrant(grantId);
      answer(ctx, 400, { error: "invalid_grant", error_description: "grant request is invalid" });
    }
  } catch (error) {
    log.error("oidc token request: writing its tokens failed", { error });
    answer(ctx, 500, { error: "server_error", error_description: "oops! something went wrong" });
  }
}

function answer(ctx: KoaContextWithOIDC, status: number, body: Record<string, string>) {
  ctx.status = status;
  ctx.body = body;
}
