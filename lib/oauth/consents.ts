import "server-only";
import { db } from "@/lib/db/client";
import { revokeOidcGrantsOf } from "@/lib/db/statements/oidc";
import { emitToMemberships } from "@/lib/events/emit";
import type { ClientInfo } from "@/lib/http/client-info";

// What people allowed third-party OAuth clients (docs/openid-provider.md). The provider's grants
// live only as long as the browser session they were given in; the consent is remembered apart
// from them, so a person is asked once per client (and again only for scopes not yet allowed),
// sees it on /profile, and withdraws it there: that ends every grant and token the client holds
// for them, at once.

export interface Consent {
  clientId: string;
  clientName: string;
  scopes: string[];
  grantedAt: Date;
  updatedAt: Date;
}

/** Whether the person already allowed this client every one of `scopes`. */
export async function consentCovers(userId: string, clientId: string, scopes: string[]): Promise<boolean> {
  const consent = await db().oAuthConsent.findUnique({ where: { userId_clientId: { userId, clientId } }, select: { scopes: true } });
  return Boolean(consent) && scopes.every((scope) => consent!.scopes.includes(scope));
}

/** Records an allow from the consent page (scopes added to what was allowed) and its event. */
export async function rememberConsent(
  userId: string,
  request: { clientId: string; clientName: string; scopes: string[] },
  client: ClientInfo,
): Promise<void> {
  await db().$transaction(async (tx) => {
    const existing = await tx.oAuthConsent.findUnique({ where: { userId_clientId: { userId, clientId: request.clientId } } });
    const scopes = [...new Set([...(existing?.scopes ?? []), ...request.scopes])];
    await tx.oAuthConsent.upsert({
      where: { userId_clientId: { userId, clientId: request.clientId } },
      create: { userId, clientId: request.clientId, scopes },
      update: { scopes },
    });
    await emitToMemberships(tx, userId, {
      type: "oauth.consent_granted",
      client,
      metadata: { clientId: request.clientId, clientName: request.clientName, scopes: request.scopes },
    });
  });
}

/** The applications the person allowed, newest first (the /profile list). */
export async function listConsents(userId: string): Promise<Consent[]> {
  const rows = await db().oAuthConsent.findMany({
    where: { userId },
    orderBy: { updatedAt: "desc" },
    select: { clientId: true, scopes: true, createdAt: true, updatedAt: true, client: { select: { name: true } } },
  });
  return rows.map((row) => ({
    clientId: row.clientId,
    clientName: row.client.name,
    scopes: row.scopes,
    grantedAt: row.createdAt,
    updatedAt: row.updatedAt,
  }));
}

/**
 * Withdraws a consent: the consent, every grant the person gave the client and every code and
 * token those issued go in one transaction, with the event. False when there was none.
 */
export async function withdrawConsent(userId: string, clientId: string, client: ClientInfo): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const consent = await tx.oAuthConsent.findUnique({
      where: { userId_clientId: { userId, clientId } },
      select: { scopes: true, client: { select: { name: true } } },
    });
    // Deleted by count: of two withdrawals at the same moment, one records it.
    const { count } = await tx.oAuthConsent.deleteMany({ where: { userId, clientId } });
    if (!consent || count === 0) return false;
    await revokeOidcGrantsOf(userId, clientId, tx);
    await emitToMemberships(tx, userId, {
      type: "oauth.consent_revoked",
      client,
      metadata: { clientId, clientName: consent.client.name, scopes: consent.scopes },
    });
    return true;
  });
}
