"use client";
import { useActionState, useState, type MouseEvent } from "react";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { TextField } from "@/components/form/text-field";
import { useActionForm } from "@/components/form/use-action-form";
import { confirmAccountSchema } from "@/lib/validation/auth";
import { confirmAction, resendCodeAction } from "./actions";

export function ConfirmForm({ email }: { email?: string }) {
  // "Send a new code" posts the same form to its own action (formAction), so it works without
  // JavaScript too; its answer after such a post is this state.
  const [resent, resendFormAction] = useActionState(resendCodeAction, null);
  const resentTo = resent?.ok ? resent.data.email : resent?.values?.email;
  const controller = useActionForm(confirmAccountSchema, confirmAction, {
    defaultValues: { email: (typeof resentTo === "string" ? resentTo : undefined) ?? email ?? "", code: "" },
    initialResult: resent,
  });
  const { form, show, setClientError } = controller;
  const [resending, setResending] = useState(false);

  async function resend(event: MouseEvent<HTMLButtonElement>) {
    // With JavaScript: only the address is checked (the code may still be empty), then sent.
    event.preventDefault();
    const valid = await form.trigger("email");
    if (!valid) return;
    setResending(true);
    const data = new FormData();
    data.set("email", String(form.getValues("email") ?? ""));
    try {
      show(await resendCodeAction(null, data));
    } catch {
      setClientError("We could not send a new code. Try again in a moment.");
    } finally {
      setResending(false);
    }
  }

  return (
    <ActionForm controller={controller} label="Confirm your email">
      <TextField name="email" label="Email" type="email" autoComplete="email" />
      <TextField name="code" label="6-digit code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} className="code-input" />
      <SubmitButton pendingText="Confirming…">Confirm email</SubmitButton>
      <p className="small muted" style={{ textAlign: "center", margin: 0 }}>
        Didn’t get it?{" "}
        <button type="submit" formAction={resendFormAction} formNoValidate className="btn-link" onClick={resend} disabled={resending} aria-busy={resending || undefined}>
          {resending ? "Sending…" : "Send a new code"}
        </button>
      </p>
    </ActionForm>
  );
}
