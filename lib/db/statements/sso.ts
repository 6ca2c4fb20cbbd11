import "server-only";
import type { SsoConnection, SsoRequest } from "@/lib/generated/prisma/client";
import { sql, type Executor } from "../sql";

// sso_requests (what this app sent to an IdP: single use, 10 minutes) and saml_assertions_seen
// (the replay cache). Expiry is judged by the database's clock; "single use" is one conditional
// UPDATE, so two posts of the same answer cannot both pass.

const NOW = `(now() AT TIME ZONE 'UTC')`;

export async function insertSsoRequest(
  v: {
    id: string;
    connectionId: string;
    returnTo: string;
    browserBindingHash: string;
    ttlSeconds: number;
    nonce?: string | null;
    codeVerifierBox?: string | null;
  },
  tx?: Executor,
): Promise<void> {
  await sql(
    "sso_request_insert",
    `INSERT INTO sso_requests (id, "connectionId", "returnTo", "browserBindingHash", nonce, "codeVerifierBox", "expiresAt", "createdAt")
     VALUES ($1, $2, $3, $4, $5, $6, ${NOW} + make_interval(secs => $7::int), ${NOW})`,
    [v.id, v.connectionId, v.returnTo, v.browserBindingHash, v.nonce ?? null, v.codeVerifierBox ?? null, v.ttlSeconds],
    tx,
  );
}

/** Whether a request of this connection is still open (node-saml's InResponseTo check). */
export async function liveSsoRequest(id: string, connectionId: string): Promise<boolean> {
  const rows = await sql<{ id: string }>(
    "sso_request_live",
    `SELECT id FROM sso_requests WHERE id = $1 AND "connectionId" = $2 AND "consumedAt" IS NULL AND "expiresAt" > ${NOW}`,
    [id, connectionId],
  );
  return rows.length > 0;
}

export type ConsumedSsoRequest = Pick<SsoRequest, "returnTo" | "nonce" | "codeVerifierBox">;

/**
 * Spends an open request of this connection started by this browser (its binding's hash);
 * undefined when it is unknown, spent, expired or another browser's (which leaves it open).
 */
export async function consumeSsoRequest(id: string, connectionId: string, browserBindingHash: string | null): Promise<ConsumedSsoRequest | undefined> {
  if (!browserBindingHash) return undefined;
  const [row] = await sql<ConsumedSsoRequest>(
    "sso_request_consume",
    `UPDATE sso_requests SET "consumedAt" = ${NOW}
      WHERE id = $1 AND "connectionId" = $2 AND "browserBindingHash" = $3 AND "consumedAt" IS NULL AND "expiresAt" > ${NOW}
      RETURNING "returnTo", nonce, "codeVerifierBox"`,
    [id, connectionId, browserBindingHash],
  );
  return row;
}

/** Records an accepted assertion id; false when it was accepted before (a replay). */
export async function firstSightOfAssertion(id: string, connectionId: string, keepSeconds: number): Promise<boolean> {
  const rows = await sql<{ id: string }>(
    "saml_assertion_seen",
    `INSERT INTO saml_assertions_seen (id, "connectionId", "expiresAt") VALUES ($1, $2, ${NOW} + make_interval(secs => $3::int))
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [`${connectionId}:${id}`, connectionId, keepSeconds],
  );
  return rows.length > 0;
}

/** What has expired: requests and remembered assertion ids (run with the other housekeeping). */
export async function pruneSsoState(): Promise<void> {
  await sql("sso_requests_prune", `DELETE FROM sso_requests WHERE "expiresAt" < ${NOW} - interval '1 day'`, []);
  await sql("saml_assertions_prune", `DELETE FROM saml_assertions_seen WHERE "expiresAt" < ${NOW}`, []);
}

export type SsoConnectionRow = SsoConnection;

/** A connection by id, with its organization's verified domains (the sign-in's questions). */
export async function connectionForSignIn(id: string): Promise<(SsoConnection & { verifiedDomains: string[] }) | undefined> {
  const [row] = await sql<SsoConnection & { verifiedDomains: string[] }>(
    "sso_connection_for_sign_in",
    `SELECT c.*, coalesce(array(SELECT d.domain FROM organization_domains d
                                 WHERE d."organizationId" = c."organizationId" AND d.status = 'verified'), '{}') AS "verifiedDomains"
       FROM sso_connections c WHERE c.id = $1`,
    [id],
  );
  return row;
}

/**
 * The connection that answers for an address's domain: a verified domain's organization's
 * connection, the enforced one first, then the oldest. Undefined when none applies.
 */
export async function connectionForDomain(domain: string): Promise<SsoConnection | undefined> {
  const [row] = await sql<SsoConnection>(
    "sso_connection_for_domain",
    `SELECT c.* FROM organization_domains d JOIN sso_connections c ON c."organizationId" = d."organizationId"
      WHERE d.domain = $1 AND d.status = 'verified'
      ORDER BY c.enforced DESC, c."createdAt" ASC LIMIT 1`,
    [domain],
  );
  return row;
}

export async function connectionForOrganizationSlug(slug: string): Promise<SsoConnection | undefined> {
  const [row] = await sql<SsoConnection>(
    "sso_connection_for_slug",
    `SELECT c.* FROM organizations o JOIN sso_connections c ON c."organizationId" = o.id
      WHERE o.slug = $1 ORDER BY c.enforced DESC, c."createdAt" ASC LIMIT 1`,
    [slug],
  );
  return row;
}

/** Whether the organization enforces SSO for this account's address (its routes ask, lib/organizations/context.ts). */
export async function ssoEnforcedInOrganization(userId: string, organizationId: string): Promise<boolean> {
  const rows = await sql<{ enforced: boolean }>(
    "sso_enforced_in_organization",
    `SELECT true AS enforced FROM users u
       JOIN organization_domains d ON d.domain = split_part(u.email, '@', 2) AND d.status = 'verified' AND d."organizationId" = $2
      WHERE u.id = $1 AND EXISTS (SELECT 1 FROM sso_connections c WHERE c."organizationId" = $2 AND c.enforced)`,
    [userId, organizationId],
  );
  return rows.length > 0;
}

/**
 * The slug of an organization that enforces SSO for this address's domain and that this account
 * does not own, if any: an address it manages cannot be moved off its domain by the person
 * (an email change's question; owners keep their break-glass).
 */
export async function ssoManagedAddress(userId: string, email: string, tx?: Executor): Promise<string | undefined> {
  const [row] = await sql<{ slug: string }>(
    "sso_managed_address",
    `SELECT o.slug FROM organization_domains d JOIN organizations o ON o.id = d."organizationId"
      WHERE d.domain = split_part($2, '@', 2) AND d.status = 'verified'
        AND EXISTS (SELECT 1 FROM sso_connections c WHERE c."organizationId" = d."organizationId" AND c.enforced)
        AND NOT EXISTS (SELECT 1 FROM memberships m
                         WHERE m."organizationId" = d."organizationId" AND m."userId" = $1 AND m.role = 'owner')
      LIMIT 1`,
    [userId, email],
    tx,
  );
  return row?.slug;
}

/** The slug of the organization enforcing SSO for an address's domain, if any (an OAuth sign-in's question). */
export async function enforcingOrganizationForEmail(email: string): Promise<string | undefined> {
  const [row] = await sql<{ slug: string }>(
    "sso_enforcing_for_email",
    `SELECT o.slug FROM organization_domains d JOIN organizations o ON o.id = d."organizationId"
      WHERE d.domain = split_part($1, '@', 2) AND d.status = 'verified'
        AND EXISTS (SELECT 1 FROM sso_connections c WHERE c."organizationId" = d."organizationId" AND c.enforced)
      LIMIT 1`,
    [email],
  );
  return row?.slug;
}
