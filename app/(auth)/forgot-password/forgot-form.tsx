"use client";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { TextField } from "@/components/form/text-field";
import { useActionForm } from "@/components/form/use-action-form";
import { forgotPasswordSchema } from "@/lib/validation/password";
import { forgotPasswordAction } from "./actions";

export function ForgotPasswordForm({ email }: { email?: string }) {
  const controller = useActionForm(forgotPasswordSchema, forgotPasswordAction, { defaultValues: { email: email ?? "" } });
  return (
    <ActionForm controller={controller} label="Reset your password">
      <TextField name="email" label="Email" type="email" autoComplete="email" />
      <SubmitButton pendingText="Sending link…">Send reset link</SubmitButton>
    </ActionForm>
  );
}
