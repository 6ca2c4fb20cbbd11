// The bench's own connection to the app's database, for what the API cannot do or say: add the
// members the member-change scenario flips (an invitation's link goes out by mail), and read the
// outbox, to see that every delivery succeeded once and to wait until the dispatchers are idle
// before the next scenario loads the app.
import pg from "pg";

export interface BenchDatabase {
  /** Adds `userIds` to the organization as plain members. */
  addMembers(organizationId: string, userIds: string[]): Promise<void>;
  /** The database's clock (UTC, as the app writes its timestamps). */
  now(): Promise<Date>;
  /** Deliveries still to be sent, of `endpointIds` or of every endpoint. */
  pending(endpointIds?: string[]): Promise<number>;
  /** Resolves once no delivery is pending; rejects after `timeoutMs`. */
  waitForEmptyOutbox(timeoutMs: number): Promise<void>;
  /** The deliveries of events created since `since` for these endpoints: states, attempts, and each POST's time. */
  deliveries(endpointIds: string[], since: Date): Promise<DeliveryFigures>;
  close(): Promise<void>;
}

export interface DeliveryFigures {
  total: number;
  succeeded: number;
  /** Deliveries that took more than one attempt (a lease that ran out, an answer that failed). */
  retried: number;
  /** The POST, as the dispatcher timed it (webhook_deliveries.lastDurationMs), ms. */
  p50: number;
  p99: number;
}

export async function connectDatabase(url: string): Promise<BenchDatabase> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // The app writes `timestamp(3)` in UTC without a zone: compare in the same terms.
  const utcNow = `(now() AT TIME ZONE 'UTC')`;
  const pending = async (endpointIds?: string[]) => {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'pending' AND ($1::text[] IS NULL OR "endpointId" = ANY($1))`,
      [endpointIds ?? null],
    );
    return rows[0]!.n;
  };
  return {
    async addMembers(organizationId, userIds) {
      await client.query(
        `INSERT INTO memberships (id, "userId", "organizationId", role) SELECT gen_random_uuid()::text, u, $1, 'member' FROM unnest($2::text[]) u`,
        [organizationId, userIds],
      );
    },
    async now() {
      const { rows } = await client.query<{ at: string }>(`SELECT to_char(${utcNow}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at`);
      return new Date(rows[0]!.at);
    },
    pending,
    async waitForEmptyOutbox(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (let left = await pending(); left > 0; left = await pending()) {
        if (Date.now() > deadline) throw new Error(`${left} webhook deliveries still pending after ${timeoutMs / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async deliveries(endpointIds, since) {
      const { rows } = await client.query<DeliveryFigures>(
        `SELECT count(*)::int AS total,
                (count(*) FILTER (WHERE d.status = 'succeeded'))::int AS succeeded,
                (count(*) FILTER (WHERE d.attempts > 1))::int AS retried,
                COALESCE(percentile_disc(0.5) WITHIN GROUP (ORDER BY d."lastDurationMs"), 0)::float8 AS p50,
                COALESCE(percentile_disc(0.99) WITHIN GROUP (ORDER BY d."lastDurationMs"), 0)::float8 AS p99
           FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d."eventId"
          WHERE d."endpointId" = ANY($1) AND ev."createdAt" >= $2::timestamptz AT TIME ZONE 'UTC'`,
        [endpointIds, since.toISOString()],
      );
      return rows[0]!;
    },
    close: () => client.end(),
  };
}
