import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { loadOrgPage } from "@/lib/auth/org-page";
import { formatDateTime } from "@/lib/format";
import { listWebhooks, MAX_ENDPOINTS_PER_ORGANIZATION } from "@/lib/webhooks/endpoints";
import { createWebhookAction } from "./actions";
import { AddEndpointForm } from "./add-endpoint-form";
import { EndpointsList } from "./endpoints-list";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const { principal, access, can } = await loadOrgPage(orgId, `/organizations/${orgId}/webhooks`);
  // The routes' permission: admins and owners (and the failure email's link lands here).
  if (!can("organization", "update")) notFound();
  const endpoints = await listWebhooks(principal, { orgId: access.organization.id });
  return (
    <div className="grid-2">
      <section className="card" aria-labelledby="add-webhook-heading">
        <h2 id="add-webhook-heading">Add an endpoint</h2>
        <p className="small muted">
          Each event you choose is POSTed to the endpoint as signed JSON, and retried with growing delays for about a day until it answers
          2xx. An organization can have up to {MAX_ENDPOINTS_PER_ORGANIZATION} endpoints.
        </p>
        <AddEndpointForm action={createWebhookAction.bind(null, access.organization.id)} />
      </section>
      <section className="card" aria-labelledby="webhooks-heading">
        <h2 id="webhooks-heading">Webhooks</h2>
        <EndpointsList
          orgId={access.organization.id}
          endpoints={endpoints.map((e) => ({
            id: e.id,
            url: e.url,
            description: e.description,
            events: e.events,
            enabled: e.enabled,
            failing: e.disabledReason === "failing",
            created: formatDateTime(e.createdAt),
          }))}
        />
      </section>
    </div>
  );
}
