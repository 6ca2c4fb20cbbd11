"use client";
import { useRouter } from "next/navigation";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { TextField } from "@/components/form/text-field";
import { useActionForm } from "@/components/form/use-action-form";
import { resetPasswordSchema } from "@/lib/validation/password";
import { resetPasswordAction } from "./actions";

export function ResetPasswordForm({ token }: { token: string }) {
  const router = useRouter();
  const { form, formError, submitWith } = useActionForm(resetPasswordSchema, { token, password: "", passwordConfirmation: "" });
  const onSubmit = submitWith(resetPasswordAction, {
    onSuccess: () => {
      router.replace("/login?reset=1");
      router.refresh();
    },
  });
  return (
    <ActionForm form={form} onSubmit={onSubmit} formError={formError} label="Choose a new password">
      <input type="hidden" {...form.register("token")} />
      <TextField name="password" label="New password" type="password" autoComplete="new-password" hint="At least 8 characters with upper case, lower case and a digit. Avoid common words." />
      <TextField name="passwordConfirmation" label="Confirm new password" type="password" autoComplete="new-password" />
      <SubmitButton pendingText="Saving…">Set new password</SubmitButton>
    </ActionForm>
  );
}
