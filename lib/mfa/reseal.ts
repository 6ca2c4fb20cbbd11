import "server-only";
import { db } from "@/lib/db/client";
import { totpContext } from "./factors";
import { webhookSecretContext } from "@/lib/webhooks/signing";
import { boxContext as signingKeyContext } from "@/lib/keys/material";
import { keyring } from "./keyring";
import { isLegacyRecoveryDigest, recoveryContext } from "./recovery-digests";
import { open, seal, sealedKid, sealedWithCurrentKey, UnopenableSecretError } from "./secret-box";

// `npm run secrets:reseal` (scripts/reseal-secrets.ts): every sealed authenticator-app secret
// (enabled or pending), every unused recovery-code digest, every webhook signing secret and every
// private signing key (signing_keys) is opened with whichever configured
// key fits and sealed again under the current one, so the previous keys can then be dropped.
// Batches of rows, each batch written in one transaction; each write is conditional on the row
// still holding the box that was read, so a setup or a use racing with it is never overwritten
// (the racing write sealed with the current key anyway). Running it again finds nothing to do.

export interface ResealCounts {
  /** Rows sealed again under the current key by this run. */
  resealed: number;
  /** Rows already under the current key. */
  current: number;
  /** Rows changed by someone else between the read and the write (left as they are now). */
  changedMeanwhile: number;
  /** Rows no configured key opens, by the key id they name ("v1" for boxes without one). */
  unopenable: Record<string, number>;
  /** Recovery codes from before sealed digests (HMAC under an AUTH secret): cannot be re-keyed. */
  legacy: number;
}

export interface ResealReport {
  currentKid: string;
  currentSource: string;
  /** Every configured key by id and source, so an operator can tell which key a kid needs. */
  keys: { kid: string; source: string }[];
  totpFactors: ResealCounts;
  recoveryCodes: ResealCounts;
  /** Webhook endpoints' signing secrets (and the previous secret during a rotation). */
  webhookSecrets: ResealCounts;
  /** Private signing keys (lib/keys): the instance's, whatever their state. */
  signingKeys: ResealCounts;
}

interface SealedRow {
  id: string;
  userId: string;
  box: string;
}

const emptyCounts = (): ResealCounts => ({ resealed: 0, current: 0, changedMeanwhile: 0, unopenable: {}, legacy: 0 });

/** Re-seals one batch in memory: the new boxes, and the counts of what was left alone. */
function resealBatch(rows: SealedRow[], context: (userId: string) => string, counts: ResealCounts) {
  const updates: { id: string; from: string; to: string }[] = [];
  for (const row of rows) {
    if (isLegacyRecoveryDigest(row.box)) counts.legacy++;
    else if (sealedWithCurrentKey(row.box)) counts.current++;
    else {
      try {
        updates.push({ id: row.id, from: row.box, to: seal(open(row.box, context(row.userId)), context(row.userId)) });
      } catch (error) {
        if (!(error instanceof UnopenableSecretError)) throw error;
        const kid = sealedKid(row.box) ?? "v1";
        counts.unopenable[kid] = (counts.unopenable[kid] ?? 0) + 1;
      }
    }
  }
  return updates;
}

async function resealTotpFactors({ batchSize, userIds }: Scope): Promise<ResealCounts> {
  const counts = emptyCounts();
  for (let after = ""; ;) {
    const rows = await db().totpFactor.findMany({
      where: { id: { gt: after }, ...(userIds ? { userId: { in: userIds } } : {}) },
      orderBy: { id: "asc" },
      take: batchSize,
      select: { id: true, userId: true, secretEncrypted: true },
    });
    if (rows.length === 0) return counts;
    after = rows.at(-1)!.id;
    const updates = resealBatch(
      rows.map((r) => ({ id: r.id, userId: r.userId, box: r.secretEncrypted })),
      totpContext,
      counts,
    );
    const written = await db().$transaction(
      updates.map((u) => db().totpFactor.updateMany({ where: { id: u.id, secretEncrypted: u.from }, data: { secretEncrypted: u.to } })),
    );
    tally(counts, written);
  }
}

async function resealRecoveryCodes({ batchSize, userIds }: Scope): Promise<ResealCounts> {
  const counts = emptyCounts();
  for (let after = ""; ;) {
    // Used codes are never opened again: only the unused ones need a key that is still configured.
    const rows = await db().recoveryCode.findMany({
      where: { id: { gt: after }, usedAt: null, ...(userIds ? { userId: { in: userIds } } : {}) },
      orderBy: { id: "asc" },
      take: batchSize,
      select: { id: true, userId: true, codeHash: true },
    });
    if (rows.length === 0) return counts;
    after = rows.at(-1)!.id;
    const updates = resealBatch(
      rows.map((r) => ({ id: r.id, userId: r.userId, box: r.codeHash })),
      recoveryContext,
      counts,
    );
    const written = await db().$transaction(
      updates.map((u) => db().recoveryCode.updateMany({ where: { id: u.id, codeHash: u.from, usedAt: null }, data: { codeHash: u.to } })),
    );
    tally(counts, written);
  }
}

async function resealWebhookSecrets({ batchSize, userIds }: Scope): Promise<ResealCounts> {
  const counts = emptyCounts();
  // Scoped runs (tests) touch accounts only: endpoints belong to organizations.
  if (userIds) return counts;
  for (let after = ""; ;) {
    const rows = await db().webhookEndpoint.findMany({
      where: { id: { gt: after } },
      orderBy: { id: "asc" },
      take: batchSize,
      select: { id: true, secretBox: true, previousSecretBox: true },
    });
    if (rows.length === 0) return counts;
    after = rows.at(-1)!.id;
    const current = resealBatch(
      rows.map((r) => ({ id: r.id, userId: r.id, box: r.secretBox })),
      webhookSecretContext,
      counts,
    );
    const previous = resealBatch(
      rows.flatMap((r) => (r.previousSecretBox ? [{ id: r.id, userId: r.id, box: r.previousSecretBox }] : [])),
      webhookSecretContext,
      counts,
    );
    const written = await db().$transaction([
      ...current.map((u) => db().webhookEndpoint.updateMany({ where: { id: u.id, secretBox: u.from }, data: { secretBox: u.to } })),
      ...previous.map((u) =>
        db().webhookEndpoint.updateMany({ where: { id: u.id, previousSecretBox: u.from }, data: { previousSecretBox: u.to } }),
      ),
    ]);
    tally(counts, written);
  }
}

/** The private signing keys (a handful of rows, bound to their kid). */
export async function resealSigningKeys({ batchSize, userIds }: Scope): Promise<ResealCounts> {
  const counts = emptyCounts();
  // Scoped runs (tests) touch accounts only: signing keys belong to the instance.
  if (userIds) return counts;
  for (let after = ""; ;) {
    const rows = await db().signingKey.findMany({
      where: { id: { gt: after } },
      orderBy: { id: "asc" },
      take: batchSize,
      select: { id: true, privateKeyBox: true },
    });
    if (rows.length === 0) return counts;
    after = rows.at(-1)!.id;
    const updates = resealBatch(
      rows.map((r) => ({ id: r.id, userId: r.id, box: r.privateKeyBox })),
      signingKeyContext,
      counts,
    );
    const written = await db().$transaction(
      updates.map((u) => db().signingKey.updateMany({ where: { id: u.id, privateKeyBox: u.from }, data: { privateKeyBox: u.to } })),
    );
    tally(counts, written);
  }
}

function tally(counts: ResealCounts, written: { count: number }[]) {
  for (const { count } of written) {
    if (count === 1) counts.resealed++;
    else counts.changedMeanwhile++;
  }
}

interface Scope {
  batchSize: number;
  /** Only these accounts (the integration tests share one database between files). */
  userIds?: string[];
}

export async function resealMfaSecrets(options: Partial<Scope> = {}): Promise<ResealReport> {
  const scope = { batchSize: 500, ...options };
  const { current, all } = keyring();
  return {
    currentKid: current.kid,
    currentSource: current.source,
    keys: all.map(({ kid, source }) => ({ kid, source })),
    totpFactors: await resealTotpFactors(scope),
    recoveryCodes: await resealRecoveryCodes(scope),
    webhookSecrets: await resealWebhookSecrets(scope),
    signingKeys: await resealSigningKeys(scope),
  };
}

/** True when no row still needs a previous key: MFA_ENCRYPTION_PREVIOUS_KEYS may be emptied. */
export const resealComplete = (report: ResealReport) =>
  [report.totpFactors, report.recoveryCodes, report.webhookSecrets, report.signingKeys].every(
    (c) => Object.keys(c.unopenable).length === 0,
  );
