import "server-only";
import type { Adapter, AdapterPayload } from "oidc-provider";
import { isPlausibleRef } from "@/lib/organizations/context";
import { readClient } from "./token-request";

// oidc-provider's `Client` model, read from the clients instance admins register
// (oauth_clients, lib/oauth/clients.ts). Read-only here: registration is our admin API, never the
// provider's dynamic registration. `client_secret` is the stored SHA-256: the provider compares
// the hash of what a client presents (provider.ts replaces compareClientSecret), so no clear
// secret exists anywhere, and symmetric (HS*) signing, which would need it, is never offered.

export class ClientStore implements Adapter {
  async find(clientId: string): Promise<AdapterPayload | undefined> {
    if (!isPlausibleRef(clientId)) return undefined;
    const client = await readClient(clientId);
    if (!client) return undefined;
    const confidential = client.type === "confidential";
    return {
      client_id: client.id,
      client_name: client.name,
      ...(confidential && client.secretHash ? { client_secret: client.secretHash } : {}),
      redirect_uris: client.redirectUris,
      post_logout_redirect_uris: client.postLogoutRedirectUris,
      response_types: ["code"],
      grant_types: ["authorization_code", "refresh_token", ...(confidential ? ["client_credentials"] : [])],
      token_endpoint_auth_method: confidential ? "client_secret_basic" : "none",
      scope: client.scopes.join(" "),
      // RS256 unless the admin chose ES256 (provider.ts offers exactly those: an unknown value is refused as invalid metadata).
      id_token_signed_response_alg: client.idTokenSigningAlg,
      // Read by provider.ts: a first-party client's consent is not asked.
      "urn:keystone:first_party": client.firstParty,
    } as AdapterPayload;
  }

  async upsert(): Promise<void> {
    throw new Error("Clients are registered through /api/admin/oauth-clients.");
  }
  async findByUid() {
    return undefined;
  }
  async findByUserCode() {
    return undefined;
  }
  async consume(): Promise<void> {}
  async destroy(): Promise<void> {}
  async revokeByGrantId(): Promise<void> {}
}
