"use client";
import { browserSupportsWebAuthn, startRegistration } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useActionState, useId, useState } from "react";
import { useBrowserValue } from "@/components/ui/use-browser-value";
import { Field, PasswordField } from "@/components/mfa/field";
import { PendingButton } from "@/components/mfa/pending-button";
import { fieldError, PostedDisclosure } from "@/components/mfa/posted-form";
import { RecoveryCodes } from "@/components/mfa/recovery-codes";
import { SignOutOthersBox } from "@/components/mfa/sign-out-others";
import { NO_PASSKEY_SUPPORT, passkeyProblem } from "@/components/passkeys/webauthn-messages";
import { addPasskeyAction, passkeyRegistrationOptionsAction, removePasskeyAction, renamePasskeyAction } from "./passkey-actions";

// The profile's passkeys: add one (the browser's prompt, so this needs JavaScript), and the list
// with each passkey's last use, a rename form and a remove form (plain posts).

export interface PasskeyRow {
  id: string;
  name: string;
  created: string;
  lastUsed: string;
  synced: boolean;
}

export function PasskeysPanel({ passkeys, stepUpOpen, mfaEnabled }: { passkeys: PasskeyRow[]; stepUpOpen: boolean; mfaEnabled: boolean }) {
  return (
    <div>
      {passkeys.length === 0 ? (
        <p className="small muted">
          No passkeys yet. A passkey signs you in with your device&apos;s screen lock or fingerprint, with no password to type.
        </p>
      ) : (
        <ul className="passkey-list" aria-label="Your passkeys">
          {passkeys.map((p) => (
            <PasskeyItem key={p.id} passkey={p} />
          ))}
        </ul>
      )}
      <AddPasskey stepUpOpen={stepUpOpen} firstFactor={!mfaEnabled} />
    </div>
  );
}

function PasskeyItem({ passkey }: { passkey: PasskeyRow }) {
  const [renamed, renameAction] = useActionState(renamePasskeyAction, null);
  const [removed, removeAction] = useActionState(removePasskeyAction, null);
  return (
    <li className="passkey-item">
      <div>
        <strong>{passkey.name}</strong> {passkey.synced && <span className="badge">Synced</span>}
        <p className="small muted">
          Added {passkey.created} · Last used {passkey.lastUsed}
        </p>
      </div>
      <PostedDisclosure
        summary="Rename"
        summaryClassName="small"
        state={renamed}
        formAction={renameAction}
        label={`Rename ${passkey.name}`}
      >
        <input type="hidden" name="id" value={passkey.id} />
        <Field name="name" label="New name" maxLength={64} required error={fieldError(renamed, "name")} />
        <div>
          <PendingButton variant="secondary" pendingText="Saving…">
            Save name
          </PendingButton>
        </div>
      </PostedDisclosure>
      <PostedDisclosure
        summary="Remove"
        summaryClassName="small"
        state={removed}
        formAction={removeAction}
        label={`Remove ${passkey.name}`}
      >
        <input type="hidden" name="id" value={passkey.id} />
        <PasswordField state={removed} required hint="Removing a passkey needs your password." />
        <SignOutOthersBox />
        <div>
          <PendingButton variant="danger" pendingText="Removing…">
            Remove passkey
          </PendingButton>
        </div>
      </PostedDisclosure>
    </li>
  );
}

function AddPasskey({ stepUpOpen, firstFactor }: { stepUpOpen: boolean; firstFactor: boolean }) {
  const router = useRouter();
  const id = useId();
  const supported = useBrowserValue<boolean | null>(browserSupportsWebAuthn, null);
  const [askPassword, setAskPassword] = useState(!stepUpOpen);
  const [password, setPassword] = useState("");
  const [name, setName] = useState("");
  // Offered with the first factor only (later ones are added from an aal2 session already).
  const [signOutOthers, setSignOutOthers] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ form?: string; password?: string; name?: string } | null>(null);
  const [added, setAdded] = useState<{ name: string; recoveryCodes: string[] } | null>(null);

  const add = async () => {
    setError(null);
    setBusy(true);
    try {
      const options = await passkeyRegistrationOptionsAction(askPassword ? { password: password || undefined } : {});
      if (!options.ok) {
        if (options.code === "reauthentication_required" || options.fieldErrors?.password) {
          setAskPassword(true);
          setError({ password: options.fieldErrors?.password ?? "Enter your password to continue." });
        } else setError({ form: options.formError });
        return;
      }
      // The window is open now (the options were issued): the password is not needed again.
      setAskPassword(false);
      setPassword("");
      let response: unknown;
      try {
        response = await startRegistration({ optionsJSON: options.data });
      } catch (problem) {
        const message = passkeyProblem(problem, "registration");
        if (message) setError({ form: message });
        return;
      }
      const result = await addPasskeyAction({
        response,
        name: name.trim() || undefined,
        signOutOtherSessions: firstFactor && signOutOthers,
      });
      if (!result.ok) {
        setError({ form: result.formError, name: result.fieldErrors?.name });
        return;
      }
      setAdded(result.data);
      router.refresh();
    } finally {
      setBusy(false);
    }
  };

  if (supported === false) return <p className="small">{NO_PASSKEY_SUPPORT}</p>;
  return (
    <div className="form" role="group" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="small">
        Add a passkey
      </h3>
      <noscript>
        <p className="small">Adding a passkey needs JavaScript: your browser shows its passkey prompt.</p>
      </noscript>
      {error?.form && (
        <div className="alert alert-error" role="alert">
          {error.form}
        </div>
      )}
      {added && (
        <div className="alert alert-success" role="status">
          {added.name} was added. You can now sign in with it, with no password.
        </div>
      )}
      {added && added.recoveryCodes.length > 0 && <RecoveryCodes codes={added.recoveryCodes} />}
      <Field
        name="passkeyName"
        label="Name (optional)"
        maxLength={64}
        hint="Defaults to this browser and device, e.g. “Chrome on macOS”."
        onChange={(e) => setName(e.target.value)}
        error={error?.name}
      />
      {firstFactor && !added && <SignOutOthersBox onChange={setSignOutOthers} />}
      {askPassword && (
        <Field
          name="password"
          label="Your password"
          type="password"
          autoComplete="current-password"
          hint="Confirm it is you before adding a passkey."
          onChange={(e) => setPassword(e.target.value)}
          error={error?.password}
        />
      )}
      <div>
        <button type="button" className="btn btn-primary" onClick={add} disabled={busy || supported === null} aria-busy={busy || undefined}>
          {busy && <span className="spinner" aria-hidden="true" />}
          {busy ? "Waiting for your device…" : "Add a passkey"}
        </button>
      </div>
    </div>
  );
}
