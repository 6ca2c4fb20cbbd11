"use client";
import { useActionState } from "react";
import type { AdminFormAction } from "./confirmed-action";
import { ConfirmedAction } from "./confirmed-action";

// The user page's action forms. Each action arrives bound to the account by the server page: bound
// here, in the client, a new binding would be made at every render, and a page rendered again after
// a POST without JavaScript would never finish (webhooks/[id]/endpoint-forms.tsx says why).

/**
 * Disable and enable hold their answers here together: the one done replaces its form with the
 * other, and its message must outlive that swap (a page rendered after a POST without JavaScript
 * finds it here). Each message shows only while it still describes the account.
 */
export function AccountStateForms({
  disable,
  enable,
  disabled,
  email,
  here,
}: {
  disable: AdminFormAction;
  enable: AdminFormAction;
  disabled: boolean;
  email: string;
  here: string;
}) {
  const [disableState, disableAction] = useActionState(disable, null);
  const [enableState, enableAction] = useActionState(enable, null);
  const shown = disabled ? disableState : enableState;
  return (
    <>
      {shown?.ok && shown.data.step === "done" && shown.message && (
        <div className="alert alert-success" role="status">
          {shown.message}
        </div>
      )}
      {disabled ? (
        <ConfirmedAction
          state={enableState}
          formAction={enableAction}
          cancelHref={here}
          danger={false}
          showDone={false}
          text={{
            label: "Enable the account",
            review: "Enable account…",
            confirm: "Enable account",
            pending: "Enabling…",
            reasonHint: "Kept in the audit log.",
            consequence: (
              <>
                <span className="mono">{email}</span> can sign in again. Sessions that ended with the disable stay ended.
              </>
            ),
          }}
        />
      ) : (
        <ConfirmedAction
          state={disableState}
          formAction={disableAction}
          cancelHref={here}
          showDone={false}
          text={{
            label: "Disable the account",
            review: "Disable account…",
            confirm: "Disable account",
            pending: "Disabling…",
            reasonHint: "Kept on the account and in the audit log, so the next administrator knows why.",
            consequence: (
              <>
                every session of <span className="mono">{email}</span> ends at once, every way of signing in is refused, and the API keys
                they created stop working, until the account is enabled again.
              </>
            ),
          }}
        />
      )}
    </>
  );
}

export function SignOutEverywhereForm({ action, email, here }: { action: AdminFormAction; email: string; here: string }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <ConfirmedAction
      state={state}
      formAction={formAction}
      cancelHref={here}
      text={{
        label: "Sign out everywhere",
        review: "Sign out everywhere…",
        confirm: "Sign out everywhere",
        pending: "Signing out…",
        reasonHint: "Kept in the audit log.",
        consequence: (
          <>
            every session of <span className="mono">{email}</span> ends, on every device, and a sign-in in progress cannot finish. They can
            sign in again.
          </>
        ),
      }}
    />
  );
}

/** `hasFactor` false: nothing to reset (and where a reset just done says so, its message stays). */
export function ResetSecondFactorForm({
  action,
  email,
  here,
  hasFactor,
}: {
  action: AdminFormAction;
  email: string;
  here: string;
  hasFactor: boolean;
}) {
  const [state, formAction] = useActionState(action, null);
  if (!hasFactor) {
    return (
      <>
        {state?.ok && state.data.step === "done" && state.message && (
          <div className="alert alert-success" role="status">
            {state.message}
          </div>
        )}
        <p className="small muted">No second factor to reset.</p>
      </>
    );
  }
  return (
    <ConfirmedAction
      state={state}
      formAction={formAction}
      cancelHref={here}
      text={{
        label: "Reset the second factor",
        review: "Reset second factor…",
        confirm: "Reset second factor",
        pending: "Resetting…",
        reasonHint:
          "Kept in the audit log. Check who is asking first: this is how a lost device is recovered, and how an account is taken.",
        consequence: (
          <>
            the authenticator app, every passkey and every recovery code of <span className="mono">{email}</span> are removed, every session
            ends, and they are emailed. Their password alone then signs them in until they add a new factor.
          </>
        ),
      }}
    />
  );
}

export function ImpersonateForm({ action, email, here }: { action: AdminFormAction; email: string; here: string }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <ConfirmedAction
      state={state}
      formAction={formAction}
      cancelHref={here}
      danger={false}
      text={{
        label: "Sign in as this person",
        review: "Sign in as this person…",
        confirm: "Sign in as this person",
        pending: "Signing in…",
        reasonHint: "Kept in the audit log, and every log of their organizations, with everything you do as them.",
        consequence: (
          <>
            this browser is signed in as <span className="mono">{email}</span> for at most 30 minutes. You see what they see and act as
            them, recorded under your name too; their password, email, second factors and passkeys cannot be changed. The banner at the top
            ends it and brings your own session back.
          </>
        ),
      }}
    />
  );
}

export function DeleteUserForm({ action, email, here }: { action: AdminFormAction; email: string; here: string }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <ConfirmedAction
      state={state}
      formAction={formAction}
      cancelHref={here}
      text={{
        label: "Delete the account",
        review: "Delete account…",
        confirm: "Delete account",
        pending: "Deleting…",
        reasonHint: "Kept in the audit log (the account itself is gone afterwards).",
        consequence: (
          <>
            <span className="mono">{email}</span> leaves every organization (their invitations, API keys and webhook endpoints go with
            them), an organization they are alone in is deleted, and the account is removed with its sessions, factors, passkeys and linked
            providers. The audit logs keep their entries. This cannot be undone.
          </>
        ),
      }}
    />
  );
}
