import "server-only";
import type { OAuthClient } from "@/lib/generated/prisma/client";
import { sql } from "../sql";

// oauth_clients: registered and changed through Prisma (lib/oauth/clients.ts, off the hot path);
// read here by the OpenID Provider, which asks for the client on every request it serves (token,
// userinfo, introspection), so the read is plain SQL (lib/db/sql.ts says why).

/**
 * What the provider's Client model is built from (lib/oidc/clients.ts). Two statements read it,
 * providerClient below and the token endpoint's read-ahead (oidc.ts, clientWithGrantSource): both
 * select this list and the row type is derived from it, so a new column reaches both or neither.
 */
const PROVIDER_CLIENT_FIELDS = [
  "id",
  "name",
  "type",
  "secretHash",
  "redirectUris",
  "postLogoutRedirectUris",
  "scopes",
  "firstParty",
  "idTokenSigningAlg",
] as const satisfies readonly (keyof OAuthClient)[];

export type ProviderClientRow = Pick<OAuthClient, (typeof PROVIDER_CLIENT_FIELDS)[number]>;

/** The select list of a ProviderClientRow, its columns qualified by `alias` (`c."id", c."name", …`). */
export const providerClientColumns = (alias: string) => PROVIDER_CLIENT_FIELDS.map((field) => `${alias}."${field}"`).join(", ");

const PROVIDER_CLIENT = `SELECT ${providerClientColumns("c")} FROM oauth_clients c WHERE c.id = $1`;

/** A client as the provider's Client model needs it (lib/oidc/clients.ts), read fresh each time: a rotated secret or a deletion counts at once. */
export async function providerClient(clientId: string): Promise<ProviderClientRow | undefined> {
  const [row] = await sql<ProviderClientRow>("oauth_client_for_provider", PROVIDER_CLIENT, [clientId]);
  return row;
}
