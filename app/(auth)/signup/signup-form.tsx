"use client";
import Link from "next/link";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { TextField } from "@/components/form/text-field";
import { useActionForm } from "@/components/form/use-action-form";
import { registerSchema } from "@/lib/validation/auth";
import { signUpAction } from "./actions";

export function SignUpForm({ invitationToken, email }: { invitationToken?: string; email?: string }) {
  const controller = useActionForm(registerSchema, signUpAction, {
    defaultValues: { name: "", email: email ?? "", password: "", passwordConfirmation: "", organizationName: undefined, invitationToken },
  });
  return (
    <ActionForm controller={controller} label="Create your account">
      {invitationToken && <input type="hidden" name="invitationToken" value={invitationToken} />}
      <TextField name="name" label="Full name" autoComplete="name" />
      <TextField name="email" label="Email" type="email" autoComplete="email" readOnly={Boolean(invitationToken && email)} />
      <TextField
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters with upper case, lower case and a digit. Avoid common words."
      />
      <TextField name="passwordConfirmation" label="Confirm password" type="password" autoComplete="new-password" />
      {!invitationToken && (
        <TextField name="organizationName" label="Organization name" optional hint="Defaults to “Your name’s Organization”." />
      )}
      <SubmitButton pendingText="Creating account…">Create account</SubmitButton>
      <p className="small muted">
        Already have an account? <Link href="/login">Sign in</Link>
      </p>
    </ActionForm>
  );
}
