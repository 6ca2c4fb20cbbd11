"use client";
import { useActionState } from "react";
import type { FormAction } from "@/components/form/use-action-form";
import { PendingButton } from "@/components/mfa/pending-button";
import { PostedDisclosure, PostedForm } from "@/components/mfa/posted-form";
import { SecretReveal } from "@/components/ui/secret-reveal";

// The endpoint page's buttons, each a form of its own posting to its action (useActionState),
// so each works before scripts load and with JavaScript off; its answer (an error, a notice, a
// new secret) shows in the form, announced.
//
// Each action arrives already bound to the organization by the server page. Bound here, in the
// client, a new binding would be made at every render, each with its own not-yet-settled promise
// of its arguments: re-rendering the page after a POST without JavaScript, React asks the form's
// action whether the posted answer is its own, suspends until that promise settles, renders
// again, meets a new binding and a new promise, and never finishes the page. A binding made by
// the server is decoded once per request.

export function EndpointSwitch({ action, id, enabled }: { action: FormAction<{ enabled: boolean }>; id: string; enabled: boolean }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <PostedForm state={state} formAction={formAction} label="Enable or disable the endpoint">
      <input type="hidden" name="id" value={id} />
      {/* The button says what it will do: no checkbox state to read or post. */}
      <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
      <p className="small muted" style={{ margin: 0 }}>
        {enabled
          ? "Nothing is sent to a disabled endpoint; its pending deliveries are marked failed (retry them once it is enabled again)."
          : "New events are delivered to it again once it is enabled."}
      </p>
      <div>
        <PendingButton variant={enabled ? "danger" : "primary"} pendingText="Saving…">
          {enabled ? "Disable endpoint" : "Enable endpoint"}
        </PendingButton>
      </div>
    </PostedForm>
  );
}

export function SendTestEvent({ action, id }: { action: FormAction<{ eventId: string }>; id: string }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <PostedForm state={state} formAction={formAction} label="Send a test event">
      <input type="hidden" name="id" value={id} />
      <p className="small muted" style={{ margin: 0 }}>
        A <code>webhook.test</code> event, sent to this endpoint only, whatever it subscribes to.
      </p>
      <div>
        <PendingButton variant="secondary" pendingText="Sending…">
          Send test event
        </PendingButton>
      </div>
    </PostedForm>
  );
}

export function RotateSecret({ action, id }: { action: FormAction<{ secret: string }>; id: string }) {
  const [state, formAction] = useActionState(action, null);
  const secret = state?.ok ? state.data.secret : null;
  return (
    <>
      {secret && (
        <SecretReveal label="New signing secret" title="Copy the new signing secret now." secret={secret} testId="webhook-secret">
          <p className="small" style={{ marginTop: "0.5rem" }}>
            For the next 24 hours every delivery carries two signatures, one with this secret and one with the previous, so your receiver
            keeps verifying while you switch it over. After that only this secret signs.
          </p>
        </SecretReveal>
      )}
      <PostedForm state={state} formAction={formAction} label="Rotate the signing secret">
        <input type="hidden" name="id" value={id} />
        <div>
          <PendingButton variant="secondary" pendingText="Rotating…">
            Rotate secret
          </PendingButton>
        </div>
      </PostedForm>
    </>
  );
}

export function DeleteEndpoint({ action, id, url }: { action: FormAction<never>; id: string; url: string }) {
  const [state, formAction] = useActionState(action, null);
  // Opening the disclosure is the deliberate step (there is no dialog without JavaScript).
  return (
    <PostedDisclosure summary="Delete this endpoint…" state={state} formAction={formAction} label="Delete endpoint">
      <input type="hidden" name="id" value={id} />
      <p className="small">
        Nothing more is sent to <span className="mono">{url}</span>, and its delivery log is deleted with it. This cannot be undone.
      </p>
      <div>
        <PendingButton variant="danger" pendingText="Deleting…">
          Delete endpoint
        </PendingButton>
      </div>
    </PostedDisclosure>
  );
}

export function RetryDelivery({
  action,
  id,
  deliveryId,
  label,
}: {
  action: FormAction<null>;
  id: string;
  deliveryId: string;
  label: string;
}) {
  const [state, formAction] = useActionState(action, null);
  return (
    <PostedForm state={state} formAction={formAction} label={label}>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <div>
        <PendingButton variant="secondary" pendingText="Queuing…">
          Retry
        </PendingButton>
      </div>
    </PostedForm>
  );
}
