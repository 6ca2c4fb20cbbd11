"use client";
import { useActionState } from "react";
import { CodeField, PasswordField, StepUpPasswordField } from "@/components/mfa/field";
import { PendingButton } from "@/components/mfa/pending-button";
import { fieldError, PostedForm } from "@/components/mfa/posted-form";
import { RecoveryCodes } from "@/components/mfa/recovery-codes";
import { SignOutOthersBox } from "@/components/mfa/sign-out-others";
import { confirmTotpAction, disableTotpAction, regenerateRecoveryCodesAction, setUpTotpAction } from "./security-actions";

// The profile's security section. Every form's useActionState lives here, at one place in the
// tree, so a page rendered again after a POST without JavaScript still finds each answer (the
// recovery codes after confirming, above all: they are shown once).

export function SecurityPanel({
  enabled,
  firstFactor,
  recoveryCodesLeft,
  stepUpOpen,
  mfaRequiredBy,
}: {
  enabled: boolean;
  /** No factor yet: turning the app on offers to sign the other sessions out. */
  firstFactor: boolean;
  recoveryCodesLeft: number;
  stepUpOpen: boolean;
  mfaRequiredBy?: string | null;
}) {
  const [setup, setupAction] = useActionState(setUpTotpAction, null);
  const [confirmed, confirmAction] = useActionState(confirmTotpAction, null);
  const [regenerated, regenerateAction] = useActionState(regenerateRecoveryCodesAction, null);
  const [disabled, disableAction] = useActionState(disableTotpAction, null);

  const newCodes = confirmed?.ok ? confirmed.data.recoveryCodes : regenerated?.ok ? regenerated.data.recoveryCodes : null;
  const isOn = (enabled || Boolean(confirmed?.ok)) && !disabled?.ok;

  if (confirmed?.ok) {
    return (
      <div>
        <div className="alert alert-success" role="status">
          {confirmed.message}
        </div>
        {newCodes && newCodes.length > 0 && <RecoveryCodes codes={newCodes} />}
        {/* A new query, not only a fragment, so the browser loads the page again (the codes go). */}
        <p>
          <a className="btn btn-primary" href="/profile?security=on#security">
            I have saved my recovery codes
          </a>
        </p>
      </div>
    );
  }

  if (isOn) {
    return (
      <div>
        {mfaRequiredBy && <p className="small">Your organizations can now be opened with a code from your app.</p>}
        <p>
          <span className="badge badge-primary">On</span> Sign-in asks for a code from your authenticator app.{" "}
          <span className="small muted">{recoveryCodesLeft} recovery codes left.</span>
        </p>
        {newCodes && <RecoveryCodes codes={newCodes} />}
        <PostedForm state={regenerated} formAction={regenerateAction} label="New recovery codes">
          <StepUpPasswordField state={regenerated} stepUpOpen={stepUpOpen} hint="Needed to make new codes." />
          <div>
            <PendingButton variant="secondary" pendingText="Making codes…">
              Make new recovery codes
            </PendingButton>
          </div>
        </PostedForm>
        <PostedForm state={disabled} formAction={disableAction} label="Turn off two-factor authentication">
          <PasswordField state={disabled} required hint="Turning it off needs your password." />
          <SignOutOthersBox />
          <div>
            <PendingButton variant="danger" pendingText="Turning off…">
              Turn off two-factor authentication
            </PendingButton>
          </div>
        </PostedForm>
      </div>
    );
  }

  const pending = setup?.ok ? setup.data : null;
  return (
    <div>
      {disabled?.ok && (
        <div className="alert alert-success" role="status">
          {disabled.message}
        </div>
      )}
      {!pending && (
        <PostedForm state={setup} formAction={setupAction} label="Set up an authenticator app">
          <p className="small muted">
            Use an app such as 1Password, Google Authenticator or Authy: after your password, sign-in will ask for the 6-digit code it
            shows.
          </p>
          <StepUpPasswordField state={setup} stepUpOpen={stepUpOpen} hint="Confirm it is you before adding a factor." />
          <div>
            <PendingButton pendingText="Preparing…">Set up an authenticator app</PendingButton>
          </div>
        </PostedForm>
      )}
      {pending && (
        <div>
          <p className="small">1. Scan this QR code with your authenticator app.</p>
          <div
            className="qr-code"
            role="img"
            aria-label="QR code for your authenticator app"
            style={{ width: 200, height: 200, background: "#fff" }}
            dangerouslySetInnerHTML={{ __html: pending.qrSvg }}
          />
          <p className="small">
            Or enter this key by hand: <code aria-label="Setup key">{pending.groupedSecret}</code>
          </p>
        </div>
      )}
      {(pending || (confirmed && !confirmed.ok)) && (
        <PostedForm state={confirmed} formAction={confirmAction} label="Confirm your authenticator app">
          <p className="small">2. Enter the code the app shows to turn it on.</p>
          <CodeField
            error={
              fieldError(confirmed, "code") ??
              (confirmed && !confirmed.ok && confirmed.code === "invalid_code"
                ? "That code is wrong or was already used. Enter the current one."
                : undefined)
            }
          />
          {firstFactor && <SignOutOthersBox />}
          <div>
            <PendingButton pendingText="Checking…">Turn on</PendingButton>
          </div>
        </PostedForm>
      )}
    </div>
  );
}
