"use client";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { TextField } from "@/components/form/text-field";
import { useActionForm } from "@/components/form/use-action-form";
import { confirmAccountSchema } from "@/lib/validation/auth";
import { confirmFormAction } from "./actions";

export function ConfirmForm({ email }: { email?: string }) {
  const controller = useActionForm(confirmAccountSchema, confirmFormAction, {
    defaultValues: { email: email ?? "", code: "" },
    // A refused code is typed again (and never sent back into the page without JavaScript).
    clearOnError: ["code"],
    // A new code needs only the address (the code field may still be empty).
    partial: { resend: ["email"] },
  });
  const resending = controller.busyIntent === "resend";
  return (
    <ActionForm controller={controller} label="Confirm your email">
      <TextField name="email" label="Email" type="email" autoComplete="email" />
      <TextField name="code" label="6-digit code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} className="code-input" />
      <SubmitButton pendingText="Confirming…">Confirm email</SubmitButton>
      <p className="small muted" style={{ textAlign: "center", margin: 0 }}>
        Didn’t get it?{" "}
        <button type="submit" name="intent" value="resend" className="btn-link" disabled={resending} aria-busy={resending || undefined}>
          {resending ? "Sending…" : "Send a new code"}
        </button>
      </p>
    </ActionForm>
  );
}
