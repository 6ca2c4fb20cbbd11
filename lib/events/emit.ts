import "server-only";
import type { Db } from "@/lib/db/client";
import type { Executor } from "@/lib/db/sql";
import { insertAuditEvents, insertAuditEventsForMember } from "@/lib/db/statements/audit-events";
import type { ClientInfo } from "@/lib/http/client-info";
import { log } from "@/lib/log";
import type { EventType } from "./types";

// The one way an event is recorded: `emit` writes it in the caller's transaction, so there is no
// event without its change and no change without its event. Today it writes the audit row; the
// webhooks outbox row will be written here too.

type Metadata = { [key: string]: unknown };

export interface Event {
  type: EventType;
  /** The organization whose log shows it; null: kept for operators only. */
  organizationId: string | null;
  actorId: string | null;
  actorType?: "user" | "api_key";
  client?: ClientInfo;
  metadata?: Metadata;
}

/**
 * Admins read the log, and a session id is half of a forged access token (with a leaked JWT
 * secret it is all that is missing): no event ever stores one, whoever passes it in.
 */
export function withoutSessionIds(metadata: Metadata | undefined): Metadata {
  if (!metadata) return {};
  const { sessionId: _sessionId, sid: _sid, ...rest } = metadata;
  return rest;
}

const row = (event: Omit<Event, "organizationId">, organizationId: string | null) => ({
  type: event.type,
  organizationId,
  actorId: event.actorId,
  actorType: event.actorType ?? "user",
  ip: event.client?.ip ?? null,
  userAgent: event.client?.userAgent ?? null,
  metadata: withoutSessionIds(event.metadata),
});

/** Records `event` inside `tx` (Prisma's transaction or one of ours), or on its own without one. */
export async function emit(tx: Executor | Db | undefined, event: Event): Promise<void> {
  await insertAuditEvents(executorOf(tx), [row(event, event.organizationId)]);
}

/** An event about a person rather than one organization: it goes to each of their organizations' logs. */
export async function emitToMemberships(
  tx: Executor | Db,
  userId: string,
  event: Omit<Event, "organizationId" | "actorId">,
): Promise<void> {
  await insertAuditEventsForMember(executorOf(tx), userId, row({ ...event, actorId: userId }, null));
}

/**
 * For an event that must never stand in the way of what it records (a logout, a refused guess):
 * written on its own after the change has committed, and a failure is logged instead of thrown.
 */
export async function emitAfter(event: Event): Promise<void> {
  try {
    await emit(undefined, event);
  } catch (error) {
    log.warn("audit_write_failed", { type: event.type, error });
  }
}

/** The root Prisma client is no transaction: its statements run on the pool like ours. */
const executorOf = (tx: Executor | Db | undefined): Executor | undefined =>
  tx && "$transaction" in tx ? undefined : (tx as Executor | undefined);
