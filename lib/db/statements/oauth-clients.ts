import "server-only";
import type { OAuthClient } from "@/lib/generated/prisma/client";
import { sql } from "../sql";

// oauth_clients: registered and changed through Prisma (lib/oauth/clients.ts, off the hot path);
// read here by the OpenID Provider, which asks for the client on every request it serves (token,
// userinfo, introspection), so the read is plain SQL (lib/db/sql.ts says why).

export type ProviderClientRow = Pick<
  OAuthClient,
  "id" | "name" | "type" | "secretHash" | "redirectUris" | "postLogoutRedirectUris" | "scopes" | "firstParty"
>;

/** A client as the provider's Client model needs it (lib/oidc/clients.ts), read fresh each time: a rotated secret or a deletion counts at once. */
export async function providerClient(clientId: string): Promise<ProviderClientRow | undefined> {
  const [row] = await sql<ProviderClientRow>(
    "oauth_client_for_provider",
    `SELECT id, name, type, "secretHash", "redirectUris", "postLogoutRedirectUris", scopes, "firstParty" FROM oauth_clients WHERE id = $1`,
    [clientId],
  );
  return row;
}
