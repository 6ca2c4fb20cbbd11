"use client";
import { useActionState } from "react";
import { PendingButton } from "@/components/mfa/pending-button";
import { PostedDisclosure } from "@/components/mfa/posted-form";
import { SecretReveal } from "@/components/ui/secret-reveal";
import { deleteOAuthClientAction, rotateOAuthClientSecretAction } from "../actions";

// The client page's two dangerous buttons, each folded under a summary: opening it is the
// deliberate step, and a dialog would need JavaScript. Each is a form posting to its action
// (useActionState), so it works before scripts load and with JavaScript off.

/** A new secret, shown once; the old one stops working at once. */
export function RotateClientSecret({ clientId }: { clientId: string }) {
  const [state, formAction] = useActionState(rotateOAuthClientSecretAction, null);
  const secret = state?.ok ? state.data.secret : null;
  return (
    <>
      {secret && (
        <SecretReveal label="New client secret" title="Copy the new client secret now." secret={secret} testId="oauth-client-secret">
          <p className="small" style={{ marginTop: "0.5rem" }}>
            It will not be shown again. The previous secret no longer works: put this one in the application&apos;s configuration.
          </p>
        </SecretReveal>
      )}
      <PostedDisclosure summary="Rotate the secret…" state={state} formAction={formAction} label="Rotate the client secret">
        <input type="hidden" name="clientId" value={clientId} />
        <p className="small">
          The current secret stops working at once: the application fails to sign people in and to call the token endpoint until it has the
          new one. The new secret is shown once.
        </p>
        <div>
          <PendingButton variant="danger" pendingText="Rotating…">
            Rotate secret
          </PendingButton>
        </div>
      </PostedDisclosure>
    </>
  );
}

export function DeleteClient({ clientId, name }: { clientId: string; name: string }) {
  const [state, formAction] = useActionState(deleteOAuthClientAction, null);
  return (
    <PostedDisclosure summary="Delete this client…" state={state} formAction={formAction} label="Delete the client">
      <input type="hidden" name="clientId" value={clientId} />
      <p className="small">
        <strong>{name}</strong> can no longer sign anyone in, and the tokens and grants it was given stop working. This cannot be undone.
      </p>
      <div>
        <PendingButton variant="danger" pendingText="Deleting…">
          Delete client
        </PendingButton>
      </div>
    </PostedDisclosure>
  );
}
