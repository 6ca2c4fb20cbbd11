"use client";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { TextField } from "@/components/form/text-field";
import { useActionForm } from "@/components/form/use-action-form";
import { resetPasswordSchema } from "@/lib/validation/password";
import { resetPasswordAction } from "./actions";

export function ResetPasswordForm({ token }: { token: string }) {
  const controller = useActionForm(resetPasswordSchema, resetPasswordAction, {
    defaultValues: { token, password: "", passwordConfirmation: "" },
  });
  return (
    <ActionForm controller={controller} label="Choose a new password">
      <input type="hidden" defaultValue={token} {...controller.form.register("token")} />
      <TextField
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters with upper case, lower case and a digit. Avoid common words."
      />
      <TextField name="passwordConfirmation" label="Confirm new password" type="password" autoComplete="new-password" />
      <SubmitButton pendingText="Saving…">Set new password</SubmitButton>
    </ActionForm>
  );
}
