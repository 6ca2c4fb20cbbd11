import "server-only";
import { refuseWhileImpersonating } from "@/lib/auth/impersonation";
import { randomUUID } from "node:crypto";
import type { Principal } from "@/lib/auth/principal";
import { config } from "@/lib/config/env";
import { db, type Tx } from "@/lib/db/client";
import { lockKey } from "@/lib/db/statements/locks";
import { enqueueTestEvent, failPendingDeliveries } from "@/lib/db/statements/webhooks";
import { emit } from "@/lib/events/emit";
import { signalOutboxWrite } from "@/lib/events/outbox-signal";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError, notFound } from "@/lib/http/errors";
import {
  isPlausibleRef,
  requireOrganizationAccess,
  requirePermission,
  type OrganizationAccess,
  type OrgRef,
} from "@/lib/organizations/context";
import { consume } from "@/lib/security/rate-limit";
import type { CreateWebhookInput, UpdateWebhookInput } from "@/lib/validation/webhooks";
import { endpointMetadata } from "./endpoint-metadata";
import { checkWebhookUrl } from "./post";
import { newEndpointSecret, sealEndpointSecret } from "./signing";

// An organization's webhook endpoints (API.md, "Webhooks"). Admins and owners manage them: the
// routes ask for `organization:update` and `audit_log:read`, which are exactly those two roles
// (and API keys given both: an endpoint receives the audit trail).
// The secret is returned once, at creation and at each rotation; it is stored sealed.

const FOREIGN_KEY_VIOLATION = "23503";

/** More would let one organization fan every event out into a flood of requests. */
export const MAX_ENDPOINTS_PER_ORGANIZATION = 20;
/** How long the secret before a rotation keeps signing beside the new one. */
const ROTATION_OVERLAP_MS = 24 * 3600_000;

const ENDPOINT_SELECT = {
  id: true,
  url: true,
  events: true,
  description: true,
  enabled: true,
  disabledReason: true,
  createdById: true,
  createdAt: true,
  updatedAt: true,
} as const;

type EndpointRow = {
  id: string;
  url: string;
  events: string[];
  description: string;
  enabled: boolean;
  disabledReason: string | null;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
};

const endpointView = (row: EndpointRow) => ({
  id: row.id,
  url: row.url,
  events: row.events,
  description: row.description,
  enabled: row.enabled,
  disabledReason: row.disabledReason === "failing" || row.disabledReason === "creator_removed" ? row.disabledReason : null,
  createdById: row.createdById,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** An event about one endpoint, by the caller, in the endpoint's organization. */
const endpointEvent = (
  access: OrganizationAccess,
  client: ClientInfo | undefined,
  type: "webhook.created" | "webhook.updated" | "webhook.deleted" | "webhook.secret_rotated",
  endpoint: { id: string; url: string },
  more: Record<string, unknown> = {},
) => ({
  type,
  organizationId: access.organization.id,
  ...access.actor,
  client,
  metadata: endpointMetadata(endpoint, more),
});

/** Admins and owners, or a key holding both rights: an endpoint reads the audit trail, so it takes the right to read it. */
async function manage(principal: Principal, ref: OrgRef): Promise<OrganizationAccess> {
  const access = await requireOrganizationAccess(principal, ref, "organization", "update");
  requirePermission(access, "audit_log", "read");
  return access;
}

/** The person answerable for an endpoint: the caller, or the person who created the calling API key. */
async function creatorOf(principal: Principal): Promise<string | null> {
  if (principal.kind === "user") return principal.userId;
  const key = await db().apiKey.findUnique({ where: { id: principal.apiKeyId }, select: { createdById: true } });
  return key?.createdById ?? null;
}

/** Changes to one organization's endpoints take turns: each emits an event that references the others. */
const lockEndpoints = (tx: Tx, organizationId: string) => lockKey(tx, `webhook-endpoints:${organizationId}`);

/** The network half of the URL check: what it resolves to now (the dispatcher checks again at every send). */
async function requireReachableUrl(url: string): Promise<void> {
  const problem = await checkWebhookUrl(url, config().webhookAddressRule);
  if (problem) throw new ApiError("validation_failed", "The request has invalid fields.", { errors: { url: [problem] } });
}

async function findEndpoint(access: OrganizationAccess, id: string): Promise<EndpointRow> {
  const row = isPlausibleRef(id)
    ? await db().webhookEndpoint.findFirst({ where: { id, organizationId: access.organization.id }, select: ENDPOINT_SELECT })
    : null;
  if (!row) throw notFound("No webhook endpoint with this id in this organization.");
  return row;
}

export async function createWebhook(principal: Principal, ref: OrgRef, input: CreateWebhookInput, client: ClientInfo) {
  refuseWhileImpersonating(principal, "webhook endpoints (they would outlive the session)");
  const access = await manage(principal, ref);
  await consume("webhookChangesPerOrganization", access.organization.id);
  await requireReachableUrl(input.url);
  const id = randomUUID();
  const secret = newEndpointSecret();
  const createdById = await creatorOf(principal);
  const row = await db().$transaction(async (tx) => {
    // Counted under the lock on the organization's endpoints, so two concurrent creations cannot
    // both pass the limit.
    await lockEndpoints(tx, access.organization.id);
    const count = await tx.webhookEndpoint.count({ where: { organizationId: access.organization.id } });
    if (count >= MAX_ENDPOINTS_PER_ORGANIZATION) {
      throw new ApiError("conflict", `An organization can have at most ${MAX_ENDPOINTS_PER_ORGANIZATION} webhook endpoints.`);
    }
    // Recorded before the row exists, so the new endpoint is not its own first delivery.
    await emit(tx, endpointEvent(access, client, "webhook.created", { id, url: input.url }, { events: input.events }));
    const created = await tx.webhookEndpoint.create({
      data: {
        id,
        organizationId: access.organization.id,
        url: input.url,
        events: input.events,
        description: input.description ?? "",
        createdById,
        secretBox: sealEndpointSecret(id, secret),
      },
      select: ENDPOINT_SELECT,
    });
    return created;
  });
  return { ...endpointView(row), secret };
}

export async function listWebhooks(principal: Principal, ref: OrgRef) {
  const access = await manage(principal, ref);
  const rows = await db().webhookEndpoint.findMany({
    where: { organizationId: access.organization.id },
    select: ENDPOINT_SELECT,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(endpointView);
}

export async function getWebhook(principal: Principal, ref: OrgRef, id: string) {
  return endpointView(await findEndpoint(await manage(principal, ref), id));
}

export async function updateWebhook(principal: Principal, ref: OrgRef, id: string, input: UpdateWebhookInput, client: ClientInfo) {
  refuseWhileImpersonating(principal, "webhook endpoints (they would outlive the session)");
  const access = await manage(principal, ref);
  const before = await findEndpoint(access, id);
  // Each change is an event every other endpoint of the organization receives: bounded.
  await consume("webhookChangesPerOrganization", access.organization.id);
  if (input.url !== undefined && input.url !== before.url) await requireReachableUrl(input.url);
  const turningOn = input.enabled === true && !before.enabled;
  const turningOff = input.enabled === false && before.enabled;
  const createdById = turningOn ? await creatorOf(principal) : undefined;
  const row = await db().$transaction(async (tx) => {
    await lockEndpoints(tx, access.organization.id);
    const updated = await tx.webhookEndpoint.update({
      where: { id: before.id },
      data: {
        url: input.url,
        events: input.events,
        description: input.description,
        enabled: input.enabled,
        // Back on: the run of failures starts over, the reason it was off no longer holds, and
        // whoever turned it on answers for it (it stops when they lose the right to it).
        ...(turningOn ? { disabledReason: null, failingSince: null, createdById } : {}),
      },
      select: ENDPOINT_SELECT,
    });
    if (turningOff) await failPendingDeliveries(tx, before.id, "endpoint disabled");
    const changed = (["url", "events", "description", "enabled"] as const).filter(
      (field) => input[field] !== undefined && JSON.stringify(input[field]) !== JSON.stringify(before[field]),
    );
    if (changed.length > 0) {
      await emit(tx, endpointEvent(access, client, "webhook.updated", updated, { changed, enabled: updated.enabled }));
    }
    return updated;
  });
  return endpointView(row);
}

/** Deleting the row takes its queue with it (cascade): nothing more is claimed for it. */
export async function deleteWebhook(principal: Principal, ref: OrgRef, id: string, client: ClientInfo) {
  const access = await manage(principal, ref);
  const row = await findEndpoint(access, id);
  await db().$transaction(async (tx) => {
    await lockEndpoints(tx, access.organization.id);
    const { count } = await tx.webhookEndpoint.deleteMany({ where: { id: row.id, organizationId: access.organization.id } });
    if (count === 0) throw notFound("No webhook endpoint with this id in this organization.");
    await emit(tx, endpointEvent(access, client, "webhook.deleted", row));
  });
}

/**
 * A new secret, returned once. The one it replaces keeps signing beside it for 24 hours, so
 * receivers can switch without a gap; a second rotation within that time drops the oldest.
 */
export async function rotateWebhookSecret(principal: Principal, ref: OrgRef, id: string, client: ClientInfo) {
  refuseWhileImpersonating(principal, "webhook endpoints (they would outlive the session)");
  const access = await manage(principal, ref);
  await consume("webhookChangesPerOrganization", access.organization.id);
  const row = await findEndpoint(access, id);
  const secret = newEndpointSecret();
  await db().$transaction(async (tx) => {
    await lockEndpoints(tx, access.organization.id);
    const current = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id: row.id }, select: { secretBox: true } });
    await tx.webhookEndpoint.update({
      where: { id: row.id },
      data: {
        secretBox: sealEndpointSecret(row.id, secret),
        previousSecretBox: current.secretBox,
        previousSecretUntil: new Date(Date.now() + ROTATION_OVERLAP_MS),
      },
    });
    await emit(tx, endpointEvent(access, client, "webhook.secret_rotated", row));
  });
  return { secret };
}

/** Queues a `webhook.test` event for this endpoint alone (whatever it subscribes to) and sends it right after the response. */
export async function sendTestEvent(principal: Principal, ref: OrgRef, id: string) {
  const access = await manage(principal, ref);
  const row = await findEndpoint(access, id);
  if (!row.enabled) throw new ApiError("conflict", "This endpoint is disabled: enable it first.");
  await consume("webhookSendsPerOrganization", access.organization.id);
  const eventId = await enqueueTestEvent(row.id, access.organization.id, {
    webhookId: row.id,
    message: "A test event from Keystone Auth: this endpoint receives and verifies deliveries.",
    actor: { id: access.actor.actorId, type: access.actor.actorType },
  }).catch((error: unknown) => {
    // Deleted since it was read: the delivery's reference to it is refused.
    if ((error as { code?: unknown }).code === FOREIGN_KEY_VIOLATION)
      throw notFound("No webhook endpoint with this id in this organization.");
    throw error;
  });
  signalOutboxWrite();
  return { eventId };
}
