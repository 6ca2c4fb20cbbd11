import "server-only";
import type { Db } from "@/lib/db/client";
import type { Executor } from "@/lib/db/sql";
import { insertEvent, insertEventForMember, type EventInsert } from "@/lib/db/statements/events";
import type { ClientInfo } from "@/lib/http/client-info";
import { log } from "@/lib/log";
import { impersonatorBehind } from "./acting";
import { signalOutboxWrite } from "./outbox-signal";
import { isAudited, isDelivered, type EventType } from "./types";

// The one way an event is recorded: `emit` writes it in the caller's transaction, so there is no
// event without its change and no change without its event. One statement writes the audit row
// and the webhook outbox (one delivery per subscribed endpoint, lib/db/statements/events.ts).

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

const row = (event: Omit<Event, "organizationId">): EventInsert => {
  const impersonatorId = impersonatorBehind(event.actorId);
  const metadata = { ...withoutSessionIds(event.metadata), ...(impersonatorId ? { impersonatorId } : {}) };
  const actorType = event.actorType ?? "user";
  return {
    type: event.type,
    actorId: event.actorId,
    actorType,
    ip: event.client?.ip ?? null,
    userAgent: event.client?.userAgent ?? null,
    metadata,
    audited: isAudited(event.type),
    delivered: isDelivered(event.type),
    // The webhook payload's `data`: who acted, and what the audit row says (never a secret: the
    // audit metadata holds none, and session ids are gone above).
    data: { actor: { id: event.actorId, type: actorType }, ...metadata },
  };
};

const queued = (deliveries: number) => {
  if (deliveries > 0) signalOutboxWrite();
};

/** Records `event` inside `tx` (Prisma's transaction or one of ours), or on its own without one. */
export async function emit(tx: Executor | Db | undefined, event: Event): Promise<void> {
  queued(await insertEvent(executorOf(tx), event.organizationId, row(event)));
}

/**
 * An event about a person rather than one organization: it goes to each of their organizations'
 * logs. The person is the actor unless `actorId` says otherwise (an instance admin acting on them).
 */
export async function emitToMemberships(
  tx: Executor | Db,
  userId: string,
  event: Omit<Event, "organizationId" | "actorId"> & { actorId?: string | null },
): Promise<void> {
  const actorId = "actorId" in event ? (event.actorId ?? null) : userId;
  queued(await insertEventForMember(executorOf(tx), userId, row({ ...event, actorId })));
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
