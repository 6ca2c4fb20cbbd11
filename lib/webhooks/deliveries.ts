import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { deliveryPage, requeueDelivery } from "@/lib/db/statements/webhooks";
import { signalOutboxWrite } from "@/lib/events/outbox-signal";
import { decodeCursor, pageOf } from "@/lib/http/cursor";
import { ApiError, notFound } from "@/lib/http/errors";
import { isPlausibleRef, requireOrganizationAccess, requirePermission, type OrgRef } from "@/lib/organizations/context";
import { consume } from "@/lib/security/rate-limit";

// An endpoint's delivery log, newest first, and the manual retry. Each delivery shows its last
// attempt; every attempt (status, timing, the first 1 KB of the response) is kept in
// webhook_attempts and shown on the Webhooks page.

async function endpointOf(principal: Principal, ref: OrgRef, endpointId: string) {
  const access = await requireOrganizationAccess(principal, ref, "organization", "update");
  requirePermission(access, "audit_log", "read");
  const endpoint = isPlausibleRef(endpointId)
    ? await db().webhookEndpoint.findFirst({
        where: { id: endpointId, organizationId: access.organization.id },
        select: { id: true, enabled: true },
      })
    : null;
  if (!endpoint) throw notFound("No webhook endpoint with this id in this organization.");
  return { access, endpoint };
}

export async function listDeliveries(principal: Principal, ref: OrgRef, endpointId: string, page: { cursor?: string; limit: number }) {
  const { endpoint } = await endpointOf(principal, ref, endpointId);
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const { items, nextCursor } = pageOf(await deliveryPage(endpoint.id, after, page.limit + 1), page.limit);
  return {
    items: items.map((row) => ({
      id: row.id,
      eventId: row.eventId,
      type: row.type,
      status: row.status,
      attempts: row.attempts,
      lastStatusCode: row.lastStatusCode,
      lastError: row.lastError,
      nextAttemptAt: row.nextAttemptAt,
      createdAt: row.createdAt,
      lastAttemptAt: row.lastAttemptAt,
      lastDurationMs: row.lastDurationMs,
    })),
    nextCursor,
  };
}

/** The attempts of one delivery, newest first, for the page's delivery log. */
export async function listAttempts(principal: Principal, ref: OrgRef, endpointId: string, deliveryId: string) {
  const { endpoint } = await endpointOf(principal, ref, endpointId);
  if (!isPlausibleRef(deliveryId)) throw notFound("No delivery with this id for this endpoint.");
  return db().webhookAttempt.findMany({
    where: { deliveryId, delivery: { endpointId: endpoint.id } },
    orderBy: { attemptedAt: "desc" },
    take: 20,
    select: { id: true, attemptedAt: true, statusCode: true, error: true, durationMs: true, responseBody: true },
  });
}

/** One more attempt now, outside the schedule; 202 once queued. */
export async function retryDelivery(principal: Principal, ref: OrgRef, endpointId: string, deliveryId: string) {
  const { access, endpoint } = await endpointOf(principal, ref, endpointId);
  if (!isPlausibleRef(deliveryId)) throw notFound("No delivery with this id for this endpoint.");
  if (!endpoint.enabled) throw new ApiError("conflict", "This endpoint is disabled: enable it first.");
  await consume("webhookSendsPerOrganization", access.organization.id);
  if (!(await requeueDelivery(endpoint.id, deliveryId))) throw notFound("No delivery with this id for this endpoint.");
  signalOutboxWrite();
}
