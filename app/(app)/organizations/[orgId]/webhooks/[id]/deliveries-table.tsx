import type { FormAction } from "@/components/form/use-action-form";
import { DataTable } from "@/components/ui/data-table";
import { RetryDelivery } from "./endpoint-forms";

// The endpoint's deliveries, newest first: one row each with its last attempt, and a second row
// folding its attempts (a <details>, so it opens without JavaScript) with the first 1 KB of
// each answer.

export interface AttemptRow {
  id: string;
  at: string;
  outcome: string;
  durationMs: number;
  response: string;
}

export interface DeliveryRow {
  id: string;
  type: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttempt: string | null;
  created: string;
  attemptLog: AttemptRow[];
}

const STATUS_BADGE: Record<string, string> = { succeeded: "badge-success", failed: "badge-danger", pending: "" };
const COLUMNS = [
  "Event",
  "Status",
  "Attempts",
  "Last status",
  "Last error",
  "Next attempt",
  "Created",
  { label: "Actions", hidden: true as const },
];

export function DeliveriesTable({
  retry,
  endpointId,
  canRetry,
  deliveries,
}: {
  retry: FormAction<null>;
  endpointId: string;
  canRetry: boolean;
  deliveries: DeliveryRow[];
}) {
  if (deliveries.length === 0) return <p className="empty">No deliveries yet. Send a test event to see one.</p>;
  return (
    <DataTable columns={COLUMNS} caption="Deliveries to this endpoint">
      {deliveries.map((d) => (
        <DeliveryRows key={d.id} retry={retry} endpointId={endpointId} canRetry={canRetry} delivery={d} />
      ))}
    </DataTable>
  );
}

function DeliveryRows({
  retry,
  endpointId,
  canRetry,
  delivery: d,
}: {
  retry: FormAction<null>;
  endpointId: string;
  canRetry: boolean;
  delivery: DeliveryRow;
}) {
  return (
    <>
      <tr data-delivery={d.id}>
        <td className="mono small">{d.type}</td>
        <td>
          <span className={`badge ${STATUS_BADGE[d.status] ?? ""}`}>{d.status}</span>
        </td>
        <td>{d.attempts}</td>
        <td className="mono small">{d.lastStatusCode ?? "—"}</td>
        <td className="small" style={{ maxWidth: "16rem", overflowWrap: "anywhere" }}>
          {d.lastError ?? "—"}
        </td>
        <td className="small">{d.nextAttempt ?? "—"}</td>
        <td className="small">{d.created}</td>
        <td>
          {canRetry && (
            <RetryDelivery action={retry} id={endpointId} deliveryId={d.id} label={`Retry the ${d.type} delivery of ${d.created}`} />
          )}
        </td>
      </tr>
      {d.attemptLog.length > 0 && (
        <tr className="attempts-row">
          <td colSpan={COLUMNS.length}>
            <details>
              <summary className="small">
                Attempts of the {d.type} delivery of {d.created} ({d.attemptLog.length})
              </summary>
              <ol className="attempts">
                {d.attemptLog.map((a) => (
                  <li key={a.id}>
                    <p className="small" style={{ margin: 0 }}>
                      {a.at} · {a.outcome}
                      {` · ${a.durationMs} ms`}
                    </p>
                    {a.response ? (
                      <pre>{a.response}</pre>
                    ) : (
                      <p className="small muted" style={{ margin: 0 }}>
                        No response body.
                      </p>
                    )}
                  </li>
                ))}
              </ol>
            </details>
          </td>
        </tr>
      )}
    </>
  );
}
