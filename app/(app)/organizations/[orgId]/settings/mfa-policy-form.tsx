"use client";
import { useActionState } from "react";
import { StepUpPasswordField } from "@/components/mfa/field";
import { PendingButton } from "@/components/mfa/pending-button";
import { PostedForm } from "@/components/mfa/posted-form";
import { setMfaPolicyAction } from "./mfa-policy-actions";

// The owner's switch. One button that says what it will do (no JavaScript needed to read or
// post a checkbox state), and the password in the same form when the step-up window is closed.
export function MfaPolicyForm({ orgId, requireMfa, stepUpOpen }: { orgId: string; requireMfa: boolean; stepUpOpen: boolean }) {
  const [state, formAction] = useActionState(setMfaPolicyAction.bind(null, orgId), null);
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
