"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { TextField } from "@/components/form/text-field";
import { useActionForm } from "@/components/form/use-action-form";
import { confirmAccountSchema } from "@/lib/validation/auth";
import { confirmAction, resendCodeAction } from "./actions";

export function ConfirmForm({ email }: { email?: string }) {
  const router = useRouter();
  const { form, formError, notice, setNotice, setFormError, submitWith } = useActionForm(confirmAccountSchema, { email: email ?? "", code: "" });
  const [resending, setResending] = useState(false);
  const onSubmit = submitWith(confirmAction, {
    onSuccess: ({ data }) =>
      router.push(data.emailChange ? "/profile?emailChanged=1" : `/login?verified=1&email=${encodeURIComponent(data.email)}`),
  });

  async function resend() {
    const valid = await form.trigger("email");
    if (!valid) return;
    setResending(true);
    setFormError(null);
    setNotice(null);
    const result = await resendCodeAction({ email: form.getValues("email") });
    setResending(false);
    if (result.ok) setNotice(result.message ?? "We sent a new code.");
    else setFormError(result.formError ?? "We could not send a new code. Try again in a moment.");
  }

  return (
    <ActionForm form={form} onSubmit={onSubmit} formError={formError} notice={notice} label="Confirm your email">
      <TextField name="email" label="Email" type="email" autoComplete="email" />
      <TextField name="code" label="6-digit code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} className="code-input" />
      <SubmitButton pendingText="Confirming…">Confirm email</SubmitButton>
      <p className="small muted" style={{ textAlign: "center", margin: 0 }}>
        Didn’t get it?{" "}
        <button type="button" className="btn-link" onClick={resend} disabled={resending} aria-busy={resending || undefined}>
          {resending ? "Sending…" : "Send a new code"}
        </button>
      </p>
    </ActionForm>
  );
}
