import "server-only";
import { createPublicKey, createPrivateKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { lockKey } from "@/lib/db/statements/locks";
import { insertSigningKey, signingKeyAlgorithms, signingKeyRows, type SigningKeyRow } from "@/lib/db/statements/signing-keys";
import { log } from "@/lib/log";
import { open } from "@/lib/mfa/secret-box";
import { ALGORITHMS, boxContext, isAlgorithm, newKeyMaterial, type Algorithm } from "./material";

// The signing keys of this instance, read from signing_keys and kept in memory: verifying a token
// costs a map lookup and node:crypto, never a query. The copy is reloaded after CACHE_TTL (well
// below JWKS_PUBLISH_DELAY_SECONDS, so every instance knows a new key long before it signs), and
// at once, at most every UNKNOWN_KID_RELOAD_MS, when a token names a kid it does not know.
//
// No background job: a key's state follows from the rows and the clock.
// - pending: published (in the JWKS) but not signing yet (activatesAt in the future);
// - active: the newest key of its algorithm whose activatesAt has passed; it signs;
// - retiring: its successor is active (retiresAt = the successor's activatesAt); it still
//   verifies, and stays published until retiresAt + retentionSeconds(), the longest lifetime of
//   anything it signed;
// - expired: past that, ignored (the next rotation deletes it).
// The first load with no key of an algorithm creates one, active at once (no one can have cached
// anything yet), under an advisory lock so that instances starting together create one each.

/** The longest an ID token of the OpenID Provider may live: a retired key stays published this long at least. */
export const ID_TOKEN_MAX_TTL_SECONDS = 3600;
/** Clock difference between instances allowed for on a retired key's last use. */
const CLOCK_MARGIN_SECONDS = 60;
/** How long a retired key stays published: the longest lifetime of anything it signed, plus a margin. */
export const retentionSeconds = () => Math.max(config().ACCESS_TOKEN_TTL_SECONDS, ID_TOKEN_MAX_TTL_SECONDS) + CLOCK_MARGIN_SECONDS;

/** Seconds between reloads: a quarter of the publish delay, between 1 s and 60 s. */
export const cacheTtlSeconds = () => Math.min(60, Math.max(1, Math.floor(config().JWKS_PUBLISH_DELAY_SECONDS / 4)));
const UNKNOWN_KID_RELOAD_MS = 5_000;
/** The advisory lock every writer of signing_keys takes. */
export const SIGNING_KEYS_LOCK = "signing_keys";

export type KeyState = "pending" | "active" | "retiring" | "expired";

/** A public JWK's members, as node:crypto exports them (no kid, alg or use). */
export type PublicJwk = JsonWebKey;

export interface StoredKey {
  kid: string;
  algorithm: Algorithm;
  publicJwk: PublicJwk;
  createdAt: Date;
  activatesAt: Date;
  /** The successor's activatesAt; null while no later key of the algorithm exists. */
  retiresAt: Date | null;
  /** retiresAt + retentionSeconds(): the key leaves the JWKS then. */
  publishedUntil: Date | null;
  publicKey: KeyObject;
  /** The sealed private JWK (opened on first use, lib/mfa/secret-box.ts). */
  privateKeyBox: string;
}

export function stateOf(key: StoredKey, now = Date.now()): KeyState {
  if (key.activatesAt.getTime() > now) return "pending";
  if (key.retiresAt === null || key.retiresAt.getTime() > now) return "active";
  if (key.publishedUntil!.getTime() > now) return "retiring";
  return "expired";
}

export interface KeySnapshot {
  /** Every key read, by algorithm, oldest activation first. */
  keys: StoredKey[];
  byKid: Map<string, StoredKey>;
  loadedAt: number;
}

/** Where the rows come from: the database, or (unit tests) a list in memory. */
export type KeySource = () => Promise<SigningKeyRow[]>;

let source: KeySource = loadFromDatabase;
let snapshot: KeySnapshot | undefined;
let loading: Promise<KeySnapshot> | undefined;
let lastUnknownKidReload = 0;
/** Moves on each forgetSigningKeys: a load begun before it does not install what it read. */
let generation = 0;
const privateKeys = new Map<string, { jwk: JsonWebKey; keyObject: KeyObject }>();

function toSnapshot(rows: SigningKeyRow[]): KeySnapshot {
  const retention = retentionSeconds() * 1000;
  const keys: StoredKey[] = [];
  const ordered = [...rows].sort(
    (a, b) =>
      a.algorithm.localeCompare(b.algorithm) ||
      a.activatesAt.getTime() - b.activatesAt.getTime() ||
      a.createdAt.getTime() - b.createdAt.getTime() ||
      a.id.localeCompare(b.id),
  );
  ordered.forEach((row, i) => {
    if (!isAlgorithm(row.algorithm)) return; // written by a later version: not ours to use
    const next = ordered[i + 1];
    const retiresAt = next && next.algorithm === row.algorithm ? next.activatesAt : null;
    const publicJwk = row.publicJwk as PublicJwk;
    keys.push({
      kid: row.id,
      algorithm: row.algorithm,
      publicJwk,
      createdAt: row.createdAt,
      activatesAt: row.activatesAt,
      retiresAt,
      publishedUntil: retiresAt ? new Date(retiresAt.getTime() + retention) : null,
      publicKey: createPublicKey({ key: publicJwk, format: "jwk" }),
      privateKeyBox: row.privateKeyBox,
    });
  });
  return { keys, byKid: new Map(keys.map((k) => [k.kid, k])), loadedAt: Date.now() };
}

/**
 * Reads the keys from the table (never the copy in memory), creating one, active at once, for each
 * algorithm that has none. Safe when several instances start together: one key per algorithm.
 */
export async function loadFromDatabase(): Promise<SigningKeyRow[]> {
  const rows = await signingKeyRows();
  const missing = ALGORITHMS.filter((algorithm) => !rows.some((r) => r.algorithm === algorithm));
  if (missing.length === 0) return rows;
  await createKeys(missing);
  return signingKeyRows();
}

async function createKeys(missing: Algorithm[]): Promise<void> {
  // Generated before the lock (an RSA key takes a while); a concurrent start may make them moot.
  const material = await Promise.all(missing.map(newKeyMaterial));
  await db().$transaction(async (tx) => {
    await lockKey(tx, SIGNING_KEYS_LOCK);
    const present = new Set(await signingKeyAlgorithms(tx));
    for (const key of material) if (!present.has(key.algorithm)) await insertSigningKey(key, 0, tx);
  });
}

function reload(): Promise<KeySnapshot> {
  if (loading) return loading;
  const started = generation;
  const load = source()
    .then((rows) => {
      const read = toSnapshot(rows);
      if (started === generation) snapshot = read;
      return read;
    })
    .finally(() => {
      if (loading === load) loading = undefined;
    });
  loading = load;
  return load;
}

const isFresh = (s: KeySnapshot | undefined): s is KeySnapshot => !!s && Date.now() - s.loadedAt < cacheTtlSeconds() * 1000;

/** The keys, reloaded first when the copy is older than the cache TTL (for signing and publishing). */
export async function freshKeys(): Promise<KeySnapshot> {
  return isFresh(snapshot) ? snapshot : reload();
}

/**
 * The keys for verifying: the copy in memory as it is, reloaded in the background when stale (a
 * verification waits for the database only on an instance's first use, or for an unknown kid).
 */
async function keysForVerifying(): Promise<KeySnapshot> {
  if (!snapshot) return reload();
  if (!isFresh(snapshot)) reload().catch((error: unknown) => log.warn("signing keys: reload failed", { error }));
  return snapshot;
}

/**
 * The published key named `kid` (pending, active or retiring), or undefined. A kid this instance
 * does not know triggers one reload, at most every few seconds (a key another instance just made).
 */
export async function publishedKey(kid: string): Promise<StoredKey | undefined> {
  let key: StoredKey | undefined;
  try {
    const justLoaded = !snapshot;
    key = (await keysForVerifying()).byKid.get(kid);
    if (!key && !justLoaded && Date.now() - lastUnknownKidReload >= UNKNOWN_KID_RELOAD_MS) {
      lastUnknownKidReload = Date.now();
      key = (await reload()).byKid.get(kid);
    }
  } catch (error) {
    // The table could not be read: a kid nobody knows is refused like any other unknown key.
    log.warn("signing keys: load failed", { error });
    return undefined;
  }
  return key && stateOf(key) !== "expired" ? key : undefined;
}

/** The key of `algorithm` that signs now, with its private KeyObject. */
export async function activeKey(algorithm: Algorithm): Promise<{ key: StoredKey; privateKey: KeyObject }> {
  const { keys } = await freshKeys();
  const key = keys.find((k) => k.algorithm === algorithm && stateOf(k) === "active");
  if (!key) throw new Error(`No active ${algorithm} signing key (signing_keys has none whose activatesAt has passed).`);
  return { key, privateKey: privateKeyOf(key) };
}

/** The private JWK of a key (for the OpenID Provider's keystore), a copy; never leaves the server. */
export function privateJwkOf(key: StoredKey): JsonWebKey {
  return { ...opened(key).jwk };
}

function privateKeyOf(key: StoredKey): KeyObject {
  return opened(key).keyObject;
}

/** A key's box, opened once per process (a key never changes; a re-sealed box holds the same key). */
function opened(key: StoredKey): { jwk: JsonWebKey; keyObject: KeyObject } {
  let entry = privateKeys.get(key.kid);
  if (!entry) {
    const jwk = JSON.parse(open(key.privateKeyBox, boxContext(key.kid))) as JsonWebKey;
    entry = { jwk, keyObject: createPrivateKey({ key: jwk, format: "jwk" }) };
    privateKeys.set(key.kid, entry);
  }
  return entry;
}

/** Drops the copy in memory: the next use reads the table (after a rotation on this instance). */
export function forgetSigningKeys(): void {
  generation++;
  snapshot = undefined;
  loading = undefined;
  lastUnknownKidReload = 0;
}

/** Unit tests: keys from memory instead of the database (undefined: the database again). */
export function useKeySourceForTests(rows: (() => SigningKeyRow[]) | undefined): void {
  source = rows ? async () => rows() : loadFromDatabase;
  forgetSigningKeys();
  privateKeys.clear();
}
