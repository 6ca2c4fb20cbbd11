import "server-only";
import { randomToken, sha256 } from "@/lib/auth/crypto";
import { db } from "@/lib/db/client";
import { emit } from "@/lib/events/emit";
import type { OAuthClient } from "@/lib/generated/prisma/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { notFound } from "@/lib/http/errors";
import { isPlausibleRef } from "@/lib/organizations/context";
import type { CreateOAuthClientInput, IdTokenSigningAlg, UpdateOAuthClientInput } from "@/lib/validation/oauth-clients";
import type { AdminPrincipal } from "@/lib/admin/access";

// The applications that sign people in through this app (API.md, "OpenID Provider"), registered
// by instance admins. A confidential client's secret is shown once and kept only as its SHA-256
// (256 random bits: a fast hash is the right one, as for API keys); the authorization server
// compares the hash of what a client sends. Every change is an event in the instance's log.

const CLIENT_ID_PREFIX = "oc_";
const CLIENT_SECRET_PREFIX = "ocs_";

export const clientSecretHash = (secret: string) => sha256(secret);

function newSecret() {
  const secret = `${CLIENT_SECRET_PREFIX}${randomToken(32)}`;
  return { secret, secretHash: clientSecretHash(secret) };
}

/** What the API shows of a client: never the secret nor its hash. */
export function clientView(client: OAuthClient) {
  return {
    id: client.id,
    name: client.name,
    type: client.type as "confidential" | "public",
    redirectUris: client.redirectUris,
    postLogoutRedirectUris: client.postLogoutRedirectUris,
    scopes: client.scopes,
    firstParty: client.firstParty,
    idTokenSigningAlg: client.idTokenSigningAlg as IdTokenSigningAlg,
    createdAt: client.createdAt.toISOString(),
    updatedAt: client.updatedAt.toISOString(),
    secretRotatedAt: client.secretRotatedAt?.toISOString() ?? null,
  };
}

const noSuchClient = () => notFound("No OAuth client with this id.");

async function findClient(clientId: string): Promise<OAuthClient> {
  const client = isPlausibleRef(clientId) ? await db().oAuthClient.findUnique({ where: { id: clientId } }) : null;
  if (!client) throw noSuchClient();
  return client;
}

const recorded = (
  admin: AdminPrincipal,
  type: "oauth.client_created" | "oauth.client_updated" | "oauth.client_deleted",
  client: ClientInfo,
  metadata: Record<string, unknown>,
) => ({
  type,
  organizationId: null,
  actorId: admin.userId,
  client,
  metadata,
});

export async function listOAuthClients() {
  return { items: (await db().oAuthClient.findMany({ orderBy: { createdAt: "asc" } })).map(clientView) };
}

export const getOAuthClient = async (clientId: string) => clientView(await findClient(clientId));

/** Registers a client; a confidential one's secret is in this answer and nowhere else, ever. */
export async function createOAuthClient(admin: AdminPrincipal, input: CreateOAuthClientInput, client: ClientInfo) {
  const secret = input.type === "confidential" ? newSecret() : null;
  const created = await db().$transaction(async (tx) => {
    const row = await tx.oAuthClient.create({
      data: {
        id: `${CLIENT_ID_PREFIX}${randomToken(16)}`,
        name: input.name,
        type: input.type,
        secretHash: secret?.secretHash ?? null,
        redirectUris: input.redirectUris,
        postLogoutRedirectUris: input.postLogoutRedirectUris,
        scopes: input.scopes,
        firstParty: input.firstParty,
        idTokenSigningAlg: input.idTokenSigningAlg,
        createdById: admin.userId,
      },
    });
    await emit(tx, recorded(admin, "oauth.client_created", client, { clientId: row.id, name: row.name, type: row.type }));
    return row;
  });
  return { ...clientView(created), ...(secret ? { clientSecret: secret.secret } : {}) };
}

export async function updateOAuthClient(admin: AdminPrincipal, clientId: string, input: UpdateOAuthClientInput, client: ClientInfo) {
  await findClient(clientId);
  const changed = Object.keys(input).filter((key) => input[key as keyof UpdateOAuthClientInput] !== undefined);
  const updated = await db().$transaction(async (tx) => {
    const row = await tx.oAuthClient.update({ where: { id: clientId }, data: input });
    await emit(tx, recorded(admin, "oauth.client_updated", client, { clientId, changed }));
    return row;
  });
  return clientView(updated);
}

/** A new secret for a confidential client, shown once; the old one stops working at once. */
export async function rotateOAuthClientSecret(admin: AdminPrincipal, clientId: string, client: ClientInfo) {
  const existing = await findClient(clientId);
  if (existing.type !== "confidential") throw notFound("A public client has no secret.");
  const secret = newSecret();
  const updated = await db().$transaction(async (tx) => {
    const row = await tx.oAuthClient.update({
      where: { id: clientId },
      data: { secretHash: secret.secretHash, secretRotatedAt: new Date() },
    });
    await emit(tx, recorded(admin, "oauth.client_updated", client, { clientId, changed: ["secret"] }));
    return row;
  });
  return { ...clientView(updated), clientSecret: secret.secret };
}

/** Deletes a client: what it was given stops working (its grants go with it, in the provider's store). */
export async function deleteOAuthClient(admin: AdminPrincipal, clientId: string, client: ClientInfo) {
  const existing = await findClient(clientId);
  await db().$transaction(async (tx) => {
    await tx.oAuthClient.delete({ where: { id: clientId } });
    await emit(tx, recorded(admin, "oauth.client_deleted", client, { clientId, name: existing.name }));
  });
}
