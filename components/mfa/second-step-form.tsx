"use client";
import Link from "next/link";
import { useActionState } from "react";
import type { PostedState } from "@/lib/actions/posted-form";
import { CodeField, Field } from "./field";
import { PendingButton } from "./pending-button";
import { fieldError, PostedForm } from "./posted-form";

// The second step, for finishing a sign-in and for raising a signed-in session: a 6-digit code,
// or a recovery code instead. Switching between the two is a link (?method=recovery), so it
// works without JavaScript as well.

export function SecondStepForm({
  action,
  method,
  callbackUrl,
  otherMethodHref,
  label,
  submitText,
}: {
  action: (previous: PostedState<unknown>, form: FormData) => Promise<PostedState<unknown>>;
  method: "totp" | "recovery";
  callbackUrl?: string;
  otherMethodHref: string;
  label: string;
  submitText: string;
}) {
  const [state, formAction] = useActionState(action, null);
  const wrong = state && !state.ok && state.code === "invalid_code" ? "That code is wrong or was already used." : undefined;
  return (
    <PostedForm state={state} formAction={formAction} label={label}>
      {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
      {method === "totp" ? (
        <CodeField error={fieldError(state, "code") ?? wrong} />
      ) : (
        <Field
          name="recoveryCode"
          label="Recovery code"
          autoComplete="off"
          spellCheck={false}
          required
          hint="One of the codes you saved when you turned on two-factor authentication. Each works once."
          error={fieldError(state, "recoveryCode") ?? fieldError(state, "code") ?? wrong}
        />
      )}
      <PendingButton pendingText="Checking…">{submitText}</PendingButton>
      <p className="small">
        <Link href={otherMethodHref}>{method === "totp" ? "Use a recovery code instead" : "Use your authenticator app instead"}</Link>
      </p>
    </PostedForm>
  );
}
