"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { TextField } from "@/components/form/text-field";
import { useActionForm } from "@/components/form/use-action-form";
import { changePasswordSchema } from "@/lib/validation/password";
import { updateProfileSchema } from "@/lib/validation/profile";
import { changePasswordAction, updateProfileAction } from "./actions";

export function NameForm({ name }: { name: string }) {
  const router = useRouter();
  const controller = useActionForm(updateProfileSchema, updateProfileAction, {
    defaultValues: { name },
    onSuccess: () => router.refresh(),
  });
  return (
    <ActionForm controller={controller} label="Your name">
      <TextField name="name" label="Full name" autoComplete="name" />
      <div>
        <SubmitButton pendingText="Saving…">Save name</SubmitButton>
      </div>
    </ActionForm>
  );
}

export function EmailForm({ email }: { email: string }) {
  const controller = useActionForm(updateProfileSchema, updateProfileAction, {
    defaultValues: { email, currentPassword: "" },
    clearOnError: ["currentPassword"],
    onSuccess: () => controller.form.setValue("currentPassword", ""),
  });
  const { result } = controller;
  const pendingEmail = result?.ok ? result.data.pendingEmail : null;
  return (
    <ActionForm controller={controller} label="Email address">
      <TextField name="email" label="Email" type="email" autoComplete="email" />
      <TextField
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        hint="Needed to change your email address."
      />
      {pendingEmail && (
        <p className="small">
          <Link href={`/confirm?email=${encodeURIComponent(pendingEmail)}`}>Enter the code sent to {pendingEmail}</Link>
        </p>
      )}
      <div>
        <SubmitButton pendingText="Sending code…">Change email</SubmitButton>
      </div>
    </ActionForm>
  );
}

export function ChangePasswordForm() {
  const controller = useActionForm(changePasswordSchema, changePasswordAction, {
    defaultValues: { currentPassword: "", newPassword: "" },
    clearOnError: ["currentPassword"],
    onSuccess: () => controller.form.reset({ currentPassword: "", newPassword: "" }),
  });
  return (
    <ActionForm controller={controller} label="Change password">
      <TextField name="currentPassword" label="Current password" type="password" autoComplete="current-password" />
      <TextField
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters with upper case, lower case and a digit."
      />
      <div>
        <SubmitButton pendingText="Changing…">Change password</SubmitButton>
      </div>
    </ActionForm>
  );
}
