import "server-only";
import type { Tx } from "@/lib/db/client";
import { lockUser } from "@/lib/db/statements/locks";
import { emit, emitToMemberships } from "@/lib/events/emit";
import type { EventType } from "@/lib/events/types";
import type { ClientInfo } from "@/lib/http/client-info";
import { notFound } from "@/lib/http/errors";
import { isPlausibleRef } from "@/lib/organizations/context";
import type { AdminPrincipal } from "./access";

// What every admin action shares: the account row locked for the action's transaction, and the
// event with the admin as actor, in the instance's log and in each of the person's organizations'.

export const noSuchUser = () => notFound("No user with this id.");

/** The admin event, in the instance's log and in each of the person's organizations' logs. */
export async function recordAdminAction(
  tx: Tx,
  admin: AdminPrincipal,
  userId: string,
  type: EventType,
  client: ClientInfo,
  metadata: Record<string, unknown> = {},
) {
  const event = { type, actorId: admin.userId, client, metadata: { userId, ...metadata } };
  await emit(tx, { ...event, organizationId: null });
  await emitToMemberships(tx, userId, event);
}

/** Locks the account row for the action's transaction; 404 when it is gone. */
export async function lockTarget(tx: Tx, userId: string) {
  if (!isPlausibleRef(userId) || !(await lockUser(tx, userId))) throw noSuchUser();
}
