import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { loadOrgPage } from "@/lib/auth/org-page";
import { formatDateTime } from "@/lib/format";
import { ApiError } from "@/lib/http/errors";
import { listAttempts, listDeliveries } from "@/lib/webhooks/deliveries";
import { getWebhook } from "@/lib/webhooks/endpoints";
import {
  deleteWebhookAction,
  editWebhookAction,
  retryDeliveryAction,
  rotateWebhookSecretAction,
  sendTestEventAction,
  setWebhookEnabledAction,
} from "../actions";
import { EndpointStatus } from "../endpoints-list";
import { DeliveriesTable } from "./deliveries-table";
import { EditEndpointForm } from "./edit-endpoint-form";
import { DeleteEndpoint, EndpointSwitch, RotateSecret, SendTestEvent } from "./endpoint-forms";

export const metadata: Metadata = { title: "Webhook endpoint" };

const PAGE_SIZE = 20;
/** What the page shows of an answer: the dispatcher keeps no more than this. */
const RESPONSE_SHOWN = 1024;

export default async function WebhookEndpointPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgId: string; id: string }>;
  searchParams: Promise<{ cursor?: string | string[] }>;
}) {
  const { orgId, id } = await params;
  const cursor = (await searchParams).cursor;
  const { principal, access, can } = await loadOrgPage(orgId, `/organizations/${orgId}/webhooks/${id}`);
  if (!can("organization", "update")) notFound();
  const ref = { orgId: access.organization.id };
  const endpoint = await getWebhook(principal, ref, id).catch(notFoundWhenMissing);
  const deliveries = await listDeliveries(principal, ref, endpoint.id, {
    cursor: typeof cursor === "string" ? cursor : undefined,
    limit: PAGE_SIZE,
  }).catch((error: unknown) => {
    // A mangled cursor in the address bar starts over rather than failing the page.
    if (error instanceof ApiError && error.code === "validation_failed")
      return listDeliveries(principal, ref, endpoint.id, { limit: PAGE_SIZE });
    throw error;
  });
  const attemptLogs = await Promise.all(
    deliveries.items.map((d) => (d.attempts > 0 ? listAttempts(principal, ref, endpoint.id, d.id) : Promise.resolve([]))),
  );
  const base = `/organizations/${access.organization.id}/webhooks`;
  const here = `${base}/${endpoint.id}`;
  const failing = endpoint.disabledReason === "failing";
  // Bound here, once per request, not in the client forms (endpoint-forms.tsx says why).
  const org = access.organization.id;

  return (
    <div className="stack">
      <p style={{ margin: 0 }}>
        <Link href={base}>← All webhooks</Link>
      </p>
      <section className="card" aria-labelledby="endpoint-heading">
        <h2 id="endpoint-heading">Endpoint</h2>
        <p className="mono" style={{ overflowWrap: "anywhere" }}>
          {endpoint.url}
        </p>
        {endpoint.description && <p>{endpoint.description}</p>}
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            <EndpointStatus enabled={endpoint.enabled} failing={failing} />
          </dd>
          <dt>Events</dt>
          <dd className="mono small">{endpoint.events.includes("*") ? "All events" : endpoint.events.join(", ")}</dd>
          <dt>Created</dt>
          <dd className="small">{formatDateTime(endpoint.createdAt)}</dd>
        </dl>
        {failing && (
          <p className="alert alert-warning">
            Every delivery to this endpoint failed for 5 days, so it was disabled and the owners were emailed. Fix the receiver, send a test
            event once it is enabled again, and retry the deliveries it missed.
          </p>
        )}
        <div className="grid-2">
          <EndpointSwitch action={setWebhookEnabledAction.bind(null, org)} id={endpoint.id} enabled={endpoint.enabled} />
          {endpoint.enabled && <SendTestEvent action={sendTestEventAction.bind(null, org)} id={endpoint.id} />}
        </div>
      </section>

      <div className="grid-2">
        <section className="card" aria-labelledby="edit-heading">
          <h2 id="edit-heading">Edit endpoint</h2>
          <EditEndpointForm
            action={editWebhookAction.bind(null, org)}
            endpoint={{ id: endpoint.id, url: endpoint.url, description: endpoint.description, events: endpoint.events }}
          />
        </section>
        <section className="card" aria-labelledby="secret-heading">
          <h2 id="secret-heading">Signing secret</h2>
          <p className="small muted">
            Each delivery is signed with the endpoint&apos;s secret (Standard Webhooks). Rotate it if it may have leaked: the new one is
            shown once, and for 24 hours deliveries carry both signatures, the new and the previous, so your receiver can switch without
            missing one.
          </p>
          <RotateSecret action={rotateWebhookSecretAction.bind(null, org)} id={endpoint.id} />
        </section>
      </div>

      <section className="card" aria-labelledby="deliveries-heading">
        <div className="card-header">
          <div>
            <h2 id="deliveries-heading">Deliveries</h2>
            <p className="small muted">Newest first. Times in UTC. Reload the page to see new attempts.</p>
          </div>
        </div>
        {!endpoint.enabled && <p className="small">Enable the endpoint to retry deliveries.</p>}
        <DeliveriesTable
          retry={retryDeliveryAction.bind(null, org)}
          endpointId={endpoint.id}
          canRetry={endpoint.enabled}
          deliveries={deliveries.items.map((d, i) => ({
            id: d.id,
            type: d.type,
            status: d.status,
            attempts: d.attempts,
            lastStatusCode: d.lastStatusCode,
            lastError: d.lastError,
            nextAttempt: d.status === "pending" ? formatDateTime(d.nextAttemptAt) : null,
            created: formatDateTime(d.createdAt),
            attemptLog: (attemptLogs[i] ?? []).map((a) => ({
              id: a.id,
              at: formatDateTime(a.attemptedAt),
              outcome: [a.statusCode === null ? null : `HTTP ${a.statusCode}`, a.error].filter(Boolean).join(": ") || "no answer",
              durationMs: a.durationMs,
              response: a.responseBody.slice(0, RESPONSE_SHOWN),
            })),
          }))}
        />
        {(typeof cursor === "string" || deliveries.nextCursor) && (
          <nav className="row" aria-label="Deliveries pages" style={{ marginTop: "1rem" }}>
            {typeof cursor === "string" && (
              <Link className="btn btn-secondary btn-small" href={here}>
                Newest
              </Link>
            )}
            {deliveries.nextCursor && (
              <Link className="btn btn-secondary btn-small" href={`${here}?cursor=${encodeURIComponent(deliveries.nextCursor)}`}>
                Older deliveries
              </Link>
            )}
          </nav>
        )}
      </section>

      <section className="card" aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete endpoint</h2>
        <DeleteEndpoint action={deleteWebhookAction.bind(null, org)} id={endpoint.id} url={endpoint.url} />
      </section>
    </div>
  );
}

function notFoundWhenMissing(error: unknown): never {
  if (error instanceof ApiError && error.code === "not_found") notFound();
  throw error;
}
