"use client";
import { useActionState, useId } from "react";
import { PasswordField } from "@/components/mfa/field";
import { PendingButton } from "@/components/mfa/pending-button";
import { fieldError, PostedDisclosure } from "@/components/mfa/posted-form";
import { connectProviderAction, disconnectProviderAction } from "./actions";

// Connected sign-in providers: the ones linked (each removable, after the password when the
// step-up window is closed) and, for the others, a form that re-checks the password before going
// to the provider. A plain form with a server action, so it
// posts (never a GET with the password in the URL) even before the page's script has loaded.

export interface ConnectedAccountsProps {
  linked: { provider: string; name: string }[];
  available: { id: string; name: string }[];
  hasPassword: boolean;
  stepUpOpen: boolean;
}

export function ConnectedAccounts({ linked, available, hasPassword, stepUpOpen }: ConnectedAccountsProps) {
  return (
    <>
      {linked.length > 0 ? (
        <ul className="list" aria-label="Connected accounts">
          {linked.map((account) => (
            <li key={account.provider}>
              <DisconnectForm provider={account} askPassword={hasPassword && !stepUpOpen} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="small muted">No sign-in provider is connected.</p>
      )}
      {available.length > 0 &&
        (hasPassword ? (
          available.map((provider) => <ConnectForm key={provider.id} provider={provider} />)
        ) : (
          <p className="small muted">To connect another provider, set a password first (Forgot password on the sign-in page).</p>
        ))}
    </>
  );
}

function ConnectForm({ provider }: { provider: { id: string; name: string } }) {
  const [state, formAction, pending] = useActionState(connectProviderAction, null);
  const id = useId();
  const error = state && !state.ok ? (state.fieldErrors?.password ?? state.formError) : undefined;
  return (
    <form action={formAction} method="post" className="form" aria-label={`Connect ${provider.name}`} style={{ marginTop: "1rem" }}>
      <input type="hidden" name="provider" value={provider.id} />
      <div className="field">
        <label htmlFor={id}>Current password</label>
        <p className="field-hint" id={`${id}-hint`}>
          Needed to connect {provider.name}.
        </p>
        <input
          id={id}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        />
        {error && (
          <p className="field-error" id={`${id}-error`} role="alert">
            {error}
          </p>
        )}
      </div>
      <div>
        <button type="submit" className="btn btn-secondary" disabled={pending} aria-busy={pending || undefined}>
          {pending ? "Connecting…" : `Connect ${provider.name}`}
        </button>
      </div>
    </form>
  );
}

function DisconnectForm({ provider, askPassword }: { provider: { provider: string; name: string }; askPassword: boolean }) {
  const [state, formAction] = useActionState(disconnectProviderAction, null);
  return (
    <PostedDisclosure
      summary={
        <>
          <strong>{provider.name}</strong> <span className="small">Remove</span>
        </>
      }
      state={state}
      formAction={formAction}
      label={`Remove ${provider.name}`}
    >
      <p className="small">&ldquo;Continue with {provider.name}&rdquo; will no longer sign in to this account.</p>
      <input type="hidden" name="provider" value={provider.provider} />
      {(askPassword || fieldError(state, "password")) && (
        <PasswordField state={state} label="Current password" required hint={`Needed to remove ${provider.name}.`} />
      )}
      <div>
        <PendingButton variant="danger" pendingText="Removing…">
          Remove {provider.name}
        </PendingButton>
      </div>
    </PostedDisclosure>
  );
}
