import Link from "next/link";

// The organization's endpoints, oldest first, each linking to its own page (deliveries, edits).

export interface EndpointRow {
  id: string;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  failing: boolean;
  created: string;
}

/** "All events", or the first few types and how many more. */
export function eventsSummary(events: string[]): string {
  if (events.includes("*")) return "All events";
  if (events.length <= 3) return events.join(", ");
  return `${events.slice(0, 2).join(", ")} and ${events.length - 2} more`;
}

export function EndpointStatus({ enabled, failing }: { enabled: boolean; failing: boolean }) {
  if (enabled) return <span className="badge badge-success">Enabled</span>;
  return (
    <>
      <span className="badge badge-danger">Disabled</span>
      {failing && <span className="small"> after 5 days of failures</span>}
    </>
  );
}

export function EndpointsList({ orgId, endpoints }: { orgId: string; endpoints: EndpointRow[] }) {
  if (endpoints.length === 0) return <p className="empty">No endpoints yet.</p>;
  return (
    <ul className="list" aria-label="Webhook endpoints">
      {endpoints.map((e) => (
        <li key={e.id}>
          <div className="row-between">
            <Link href={`/organizations/${orgId}/webhooks/${e.id}`} className="mono" style={{ overflowWrap: "anywhere", minWidth: 0 }}>
              {e.url}
            </Link>
            <span>
              <EndpointStatus enabled={e.enabled} failing={e.failing} />
            </span>
          </div>
          {e.description && <div className="small">{e.description}</div>}
          <div className="small muted">
            <span className="mono">{eventsSummary(e.events)}</span> · created {e.created}
          </div>
        </li>
      ))}
    </ul>
  );
}
