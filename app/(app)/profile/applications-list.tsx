"use client";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionForm } from "@/components/form/use-action-form";
import { oauthClientParamsSchema } from "@/lib/validation/oauth-clients";
import { withdrawConsentAction } from "./actions";

// The applications the person allowed through the OpenID Provider's consent page, each with
// what it may see and a button that withdraws it (its tokens stop at once; it asks again next
// time). A plain form per application, so it works before any script has loaded.

export interface ApplicationRow {
  clientId: string;
  name: string;
  access: string[];
  since: string;
}

export function ApplicationsList({ applications }: { applications: ApplicationRow[] }) {
  if (applications.length === 0) return <p className="small muted">No application has access to your account.</p>;
  return (
    <ul className="list" aria-label="Applications with access">
      {applications.map((application) => (
        <li key={application.clientId} className="row-between">
          <div>
            <strong>{application.name}</strong>
            <div className="small muted">
              {application.access.join(" · ")} · allowed {application.since}
            </div>
          </div>
          <WithdrawForm application={application} />
        </li>
      ))}
    </ul>
  );
}

function WithdrawForm({ application }: { application: ApplicationRow }) {
  const controller = useActionForm(oauthClientParamsSchema, withdrawConsentAction, { defaultValues: { clientId: application.clientId } });
  if (controller.notice) return <span role="status">{controller.notice}</span>;
  return (
    <ActionForm controller={controller} label={`Remove access of ${application.name}`}>
      <input type="hidden" defaultValue={application.clientId} {...controller.form.register("clientId")} />
      <SubmitButton variant="danger" pendingText="Removing…">
        Remove access
      </SubmitButton>
    </ActionForm>
  );
}
