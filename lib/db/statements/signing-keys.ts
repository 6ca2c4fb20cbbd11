import "server-only";
import type { SigningKey } from "@/lib/generated/prisma/client";
import { sql, type Executor } from "../sql";

// signing_keys (lib/keys): asymmetric keys, published from createdAt, signing from activatesAt.
// The database's clock sets both; a key's retirement is its successor's activatesAt, judged by
// whoever reads the rows.

const NOW = `(now() AT TIME ZONE 'UTC')`;

export type SigningKeyRow = Pick<SigningKey, "id" | "algorithm" | "publicJwk" | "privateKeyBox" | "createdAt" | "activatesAt">;
export type SigningKeyInsert = Pick<SigningKey, "id" | "algorithm" | "publicJwk" | "privateKeyBox">;

const COLUMNS = `id, algorithm, "publicJwk", "privateKeyBox", "createdAt", "activatesAt"`;

/** Every key, oldest activation first per algorithm (a handful of rows: a few per rotation). */
export async function signingKeyRows(tx?: Executor): Promise<SigningKeyRow[]> {
  return sql<SigningKeyRow>(
    "signing_keys_all",
    `SELECT ${COLUMNS} FROM signing_keys ORDER BY algorithm, "activatesAt", "createdAt", id`,
    [],
    tx,
  );
}

/** The algorithms that have at least one key (the first start creates one for each that has none). */
export async function signingKeyAlgorithms(tx?: Executor): Promise<string[]> {
  const rows = await sql<{ algorithm: string }>("signing_keys_algorithms", `SELECT DISTINCT algorithm FROM signing_keys`, [], tx);
  return rows.map((r) => r.algorithm);
}

/** Inserts a key that signs `delaySeconds` from now (0: at once). */
export async function insertSigningKey(key: SigningKeyInsert, delaySeconds: number, tx?: Executor): Promise<SigningKeyRow> {
  const [row] = await sql<SigningKeyRow>(
    "signing_key_insert",
    `INSERT INTO signing_keys (id, algorithm, "publicJwk", "privateKeyBox", "createdAt", "activatesAt")
     VALUES ($1, $2, $3::jsonb, $4, ${NOW}, ${NOW} + make_interval(secs => $5::int))
     RETURNING ${COLUMNS}`,
    [key.id, key.algorithm, JSON.stringify(key.publicJwk), key.privateKeyBox, delaySeconds],
    tx,
  );
  return row!;
}

/**
 * Deletes the keys whose successor (a later key of the same algorithm) became active more than
 * `retentionSeconds` ago: nothing they signed is still valid, and the JWKS already leaves them out.
 */
export async function deleteRetiredSigningKeys(retentionSeconds: number, tx?: Executor): Promise<number> {
  const rows = await sql<{ id: string }>(
    "signing_keys_prune",
    `DELETE FROM signing_keys k
      WHERE EXISTS (SELECT 1 FROM signing_keys s
                     WHERE s.algorithm = k.algorithm AND s."activatesAt" > k."activatesAt"
                       AND s."activatesAt" <= ${NOW} - make_interval(secs => $1::int))
      RETURNING id`,
    [retentionSeconds],
    tx,
  );
  return rows.length;
}
