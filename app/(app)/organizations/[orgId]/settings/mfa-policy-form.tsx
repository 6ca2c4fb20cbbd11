"use client";
import { useActionState } from "react";
import type { FormAction } from "@/components/form/use-action-form";
import { StepUpPasswordField } from "@/components/mfa/field";
import { PendingButton } from "@/components/mfa/pending-button";
import { PostedForm } from "@/components/mfa/posted-form";

// The owner's switch. One button that says what it will do (no JavaScript needed to read or
// post a checkbox state), and the password in the same form when the step-up window is closed.
// `action` arrives bound to the organization by the page (webhooks/[id]/endpoint-forms.tsx says why).
export function MfaPolicyForm({
  action,
  requireMfa,
  stepUpOpen,
}: {
  action: FormAction<{ requireMfa: boolean }>;
  requireMfa: boolean;
  stepUpOpen: boolean;
}) {
  const [state, formAction] = useActionState(action, null);
  const on = state?.ok ? state.data.requireMfa : requireMfa;
  return (
    <PostedForm state={state} formAction={formAction} label="Require two-factor authentication">
      <p>
        <span className={`badge ${on ? "badge-primary" : ""}`}>{on ? "On" : "Off"}</span>{" "}
        {on
          ? "Members must sign in with a second factor to open this organization. API keys are not affected."
          : "Members may open this organization with their password alone."}
      </p>
      <input type="hidden" name="requireMfa" value={on ? "off" : "on"} />
      <StepUpPasswordField state={state} stepUpOpen={stepUpOpen} hint="Changing the policy needs your password again." />
      <div>
        <PendingButton variant={on ? "danger" : "primary"} pendingText="Saving…">
          {on ? "Stop requiring two-factor authentication" : "Require two-factor authentication"}
        </PendingButton>
      </div>
    </PostedForm>
  );
}
