import "server-only";
import { sql, type Executor } from "../sql";
import { providerClientColumns, type ProviderClientRow } from "./oauth-clients";
import type { OidcAccountRow } from "./users";

// oidc_payloads: what the OpenID Provider keeps between requests (lib/oidc/adapter.ts), one row
// per `<kind>:<id>`. Expiry and "consumed" are judged by the database's clock; a row past its
// expiry is never answered (the library checks too), and housekeeping deletes it.
// A grant is bound to the browser session it was given in (bindOidcGrantToSession), and every
// row its grant issues inherits that session at insert: reads answer nothing once the session
// is revoked or expired, so a logout, a password change or an admin's disable stops the
// provider's codes and tokens (introspection: inactive; userinfo and refresh: refused) at once.

const NOW = `(now() AT TIME ZONE 'UTC')`;

export interface OidcRow {
  payload: Record<string, unknown>;
  consumed: boolean;
}

export interface OidcPayloadWrite {
  kind: string;
  id: string;
  payload: Record<string, unknown>;
  grantId: string | null;
  userCode: string | null;
  uid: string | null;
  expiresInSeconds: number | null;
}

export async function upsertOidcPayload(write: OidcPayloadWrite): Promise<void> {
  await writeOidcPayloads(null, [write]);
}

/**
 * One statement, so all or nothing: marks `consume` (a code or refresh token, `<kind>:<id>`)
 * used, and writes the rows only if it was not used already (or when there is nothing to
 * consume). A token request's writes go through here at once (lib/oidc/token-request.ts).
 * Each row inherits its grant's browser session.
 */
export async function writeOidcPayloads(
  consume: { kind: string; id: string } | null,
  writes: OidcPayloadWrite[],
): Promise<{ consumed: boolean; written: number }> {
  const [result] = await sql<{ consumed: number; written: number }>(
    "oidc_write",
    `WITH consumed AS (
       UPDATE oidc_payloads SET "consumedAt" = ${NOW}
        WHERE $1::text IS NOT NULL AND key = $1 AND "consumedAt" IS NULL RETURNING key
     ), written AS (
       INSERT INTO oidc_payloads (key, id, kind, payload, "grantId", "userCode", uid, "sessionId", "expiresAt")
       SELECT r.kind || ':' || r.id, r.id, r.kind, r.payload, r."grantId", r."userCode", r.uid,
              (SELECT g."sessionId" FROM oidc_payloads g WHERE g.key = 'Grant:' || r."grantId"),
              CASE WHEN r."expiresInSeconds" IS NULL THEN NULL ELSE ${NOW} + make_interval(secs => r."expiresInSeconds") END
         FROM jsonb_to_recordset($2::jsonb)
           AS r(kind text, id text, payload jsonb, "grantId" text, "userCode" text, uid text, "expiresInSeconds" int)
        WHERE $1::text IS NULL OR EXISTS (SELECT 1 FROM consumed)
       ON CONFLICT (key) DO UPDATE SET payload = EXCLUDED.payload, "grantId" = EXCLUDED."grantId", "userCode" = EXCLUDED."userCode",
         uid = EXCLUDED.uid, "sessionId" = coalesce(oidc_payloads."sessionId", EXCLUDED."sessionId"), "expiresAt" = EXCLUDED."expiresAt"
       RETURNING key
     )
     SELECT (SELECT count(*) FROM consumed)::int AS consumed, (SELECT count(*) FROM written)::int AS written`,
    [consume ? `${consume.kind}:${consume.id}` : null, JSON.stringify(writes)],
  );
  return { consumed: result!.consumed > 0, written: result!.written };
}

/** Not expired, and its browser session (if any) not revoked or expired. */
const LIVE = `(p."expiresAt" IS NULL OR p."expiresAt" > ${NOW})
  AND (p."sessionId" IS NULL OR EXISTS (SELECT 1 FROM auth_sessions s
        WHERE s.id = p."sessionId" AND s."revokedAt" IS NULL AND s."expiresAt" > ${NOW}))`;
const COLUMNS = `p.payload, p."consumedAt" IS NOT NULL AS consumed`;

export async function oidcPayload(kind: string, id: string): Promise<OidcRow | undefined> {
  const [row] = await sql<OidcRow>("oidc_find", `SELECT ${COLUMNS} FROM oidc_payloads p WHERE p.key = $1 || ':' || $2 AND ${LIVE}`, [
    kind,
    id,
  ]);
  return row;
}

export async function oidcPayloadByUid(kind: string, uid: string): Promise<OidcRow | undefined> {
  const [row] = await sql<OidcRow>(
    "oidc_find_by_uid",
    `SELECT ${COLUMNS} FROM oidc_payloads p WHERE p.kind = $1 AND p.uid = $2 AND ${LIVE}`,
    [kind, uid],
  );
  return row;
}

export async function oidcPayloadByUserCode(kind: string, userCode: string): Promise<OidcRow | undefined> {
  const [row] = await sql<OidcRow>(
    "oidc_find_by_user_code",
    `SELECT ${COLUMNS} FROM oidc_payloads p WHERE p.kind = $1 AND p."userCode" = $2 AND ${LIVE}`,
    [kind, userCode],
  );
  return row;
}

export interface GrantSourceReadAhead {
  client: ProviderClientRow | undefined;
  /** The code or refresh token, its grant and its person, each undefined when absent (or no longer live). */
  source?: OidcRow;
  grant?: OidcRow;
  account?: OidcAccountRow;
}

/**
 * A token request's reads in one round trip (lib/oidc/token-request.ts): the client it
 * authenticates as, the code or refresh token it redeems (`sourceKind`, `sourceId`), that one's
 * grant and its person, each as the statements above would answer it (providerClient,
 * oidcPayload, oidcAccount).
 */
export async function clientWithGrantSource(clientId: string, sourceKind: string, sourceId: string): Promise<GrantSourceReadAhead> {
  const [row] = await sql<
    ProviderClientRow & {
      source: OidcRow | null;
      grant: OidcRow | null;
      account:
        | (Omit<OidcAccountRow, "emailVerified" | "updatedAt" | "disabledAt"> &
            Record<"emailVerified" | "updatedAt" | "disabledAt", string | null>)
        | null;
    }
  >(
    "oidc_client_with_grant_source",
    `SELECT ${providerClientColumns("c")},
            CASE WHEN src.payload IS NULL THEN NULL ELSE json_build_object('payload', src.payload, 'consumed', src.consumed) END AS source,
            CASE WHEN g.payload IS NULL THEN NULL ELSE json_build_object('payload', g.payload, 'consumed', g.consumed) END AS grant,
            CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'email', u.email, 'emailVerified', u."emailVerified" AT TIME ZONE 'UTC',
              'name', u.name, 'firstName', u."firstName", 'lastName', u."lastName", 'updatedAt', u."updatedAt" AT TIME ZONE 'UTC', 'disabledAt', u."disabledAt" AT TIME ZONE 'UTC') END AS account
       FROM oauth_clients c
       LEFT JOIN LATERAL (SELECT ${COLUMNS}, p."grantId" FROM oidc_payloads p WHERE p.key = $2 || ':' || $3 AND ${LIVE}) src ON true
       LEFT JOIN LATERAL (SELECT ${COLUMNS} FROM oidc_payloads p WHERE p.key = 'Grant:' || src."grantId" AND ${LIVE}) g ON true
       LEFT JOIN users u ON u.id = src.payload->>'accountId'
      WHERE c.id = $1`,
    [clientId, sourceKind, sourceId],
  );
  if (!row) return { client: undefined };
  const { source, grant, account, ...client } = row;
  return {
    client,
    source: source ?? undefined,
    grant: grant ?? undefined,
    // json_build_object answers timestamps as text (UTC, with its offset): back to the Dates oidcAccount's row has.
    account: account
      ? {
          ...account,
          emailVerified: account.emailVerified ? new Date(account.emailVerified) : null,
          updatedAt: new Date(account.updatedAt!),
          disabledAt: account.disabledAt ? new Date(account.disabledAt) : null,
        }
      : undefined,
  };
}

/**
 * Marks a code or refresh token used, once: false when it was used already (or is gone), so two
 * requests racing with one code cannot both pass; the caller then revokes its grant.
 */
export async function consumeOidcPayload(kind: string, id: string): Promise<boolean> {
  const rows = await sql<{ key: string }>(
    "oidc_consume",
    `UPDATE oidc_payloads SET "consumedAt" = ${NOW} WHERE key = $1 || ':' || $2 AND "consumedAt" IS NULL RETURNING key`,
    [kind, id],
  );
  return rows.length > 0;
}

/** The grant a code or token belongs to, consumed or not. */
export async function oidcGrantOf(kind: string, id: string): Promise<string | null> {
  const [row] = await sql<{ grantId: string | null }>("oidc_grant_of", `SELECT "grantId" FROM oidc_payloads WHERE key = $1 || ':' || $2`, [
    kind,
    id,
  ]);
  return row?.grantId ?? null;
}

export async function destroyOidcPayload(kind: string, id: string): Promise<void> {
  await sql("oidc_destroy", `DELETE FROM oidc_payloads WHERE key = $1 || ':' || $2`, [kind, id]);
}

/**
 * A grant and everything it issued (its codes and tokens of every kind): a revocation, a code or
 * refresh-token replay. The grant goes too, so nothing is issued from it again without asking.
 */
export async function revokeOidcGrant(grantId: string): Promise<void> {
  await sql("oidc_revoke_grant", `DELETE FROM oidc_payloads WHERE "grantId" = $1 OR key = 'Grant:' || $1`, [grantId]);
}

/** One kind of what a grant issued (oidc-provider revokes kind by kind, and decides about the grant itself). */
export async function revokeOidcKindOfGrant(kind: string, grantId: string): Promise<void> {
  await sql("oidc_revoke_kind_of_grant", `DELETE FROM oidc_payloads WHERE kind = $1 AND "grantId" = $2`, [kind, grantId]);
}

/** Every grant a person gave one client, and all they issued (a consent withdrawn on /profile). */
export async function revokeOidcGrantsOf(userId: string, clientId: string, tx?: Executor): Promise<void> {
  await sql(
    "oidc_revoke_grants_of",
    `WITH grants AS (SELECT id FROM oidc_payloads WHERE kind = 'Grant' AND payload->>'accountId' = $1 AND payload->>'clientId' = $2)
     DELETE FROM oidc_payloads WHERE "grantId" IN (SELECT id FROM grants) OR key IN (SELECT 'Grant:' || id FROM grants)`,
    [userId, clientId],
    tx,
  );
}

/** The browser session a grant is bound to (null for none; undefined when the grant is gone). */
export async function oidcGrantSessionId(grantId: string): Promise<string | null | undefined> {
  const [row] = await sql<{ sessionId: string | null }>(
    "oidc_grant_session_id",
    `SELECT "sessionId" FROM oidc_payloads WHERE key = 'Grant:' || $1`,
    [grantId],
  );
  return row ? row.sessionId : undefined;
}

export interface OidcGrantSession {
  sessionId: string;
  userId: string;
  organizationId: string | null;
  aal: string;
  ssoOrganizationId: string | null;
}

/**
 * The live browser session a grant is bound to, as the `organization` claims need it: its active
 * organization, assurance level and SSO origin (the organization's rules are checked on it).
 */
export async function oidcGrantSession(grantId: string): Promise<OidcGrantSession | undefined> {
  const [row] = await sql<OidcGrantSession>(
    "oidc_grant_session",
    `SELECT s.id AS "sessionId", s."userId", s."organizationId", s.aal, s."ssoOrganizationId"
       FROM oidc_payloads g JOIN auth_sessions s ON s.id = g."sessionId"
      WHERE g.key = 'Grant:' || $1 AND s."revokedAt" IS NULL AND s."expiresAt" > ${NOW}`,
    [grantId],
  );
  return row;
}

/** Binds a grant (and what it issues from now on) to the browser session it was given in. */
export async function bindOidcGrantToSession(grantId: string, sessionId: string): Promise<void> {
  await sql("oidc_bind_grant", `UPDATE oidc_payloads SET "sessionId" = $2 WHERE key = 'Grant:' || $1`, [grantId, sessionId]);
}

export async function pruneOidcPayloads(): Promise<void> {
  await sql("oidc_prune", `DELETE FROM oidc_payloads WHERE "expiresAt" < ${NOW} - interval '1 hour'`, []);
}
