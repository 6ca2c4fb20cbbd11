"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { TextField } from "@/components/form/text-field";
import { useActionForm } from "@/components/form/use-action-form";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { loginSchema } from "@/lib/validation/auth";
import { signInAction } from "./actions";

export function LoginForm({ callbackUrl, email }: { callbackUrl?: string; email?: string }) {
  const router = useRouter();
  const [unverifiedEmail, setUnverifiedEmail] = useState<string | null>(null);
  const { form, formError, submitWith } = useActionForm(loginSchema, { email: email ?? "", password: "" });
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    setUnverifiedEmail(null);
    return submitWith(
      async (values) => {
        const result = await signInAction(values);
        if (!result.ok && result.code === "email_not_verified") setUnverifiedEmail(form.getValues("email"));
        return result;
      },
      {
        // A refused password is never left in the field (or echoed back by the server).
        clearOnError: ["password"],
        onSuccess: () => {
          // The page passes a checked path already; checked again here against the page's own origin.
          router.replace(safeCallbackUrl(callbackUrl, window.location.origin));
          router.refresh();
        },
      },
    )(event);
  };
  return (
    <ActionForm form={form} onSubmit={onSubmit} formError={formError} label="Sign in">
      {unverifiedEmail && (
        <p className="small">
          <Link href={`/confirm?email=${encodeURIComponent(unverifiedEmail)}`}>Enter your confirmation code</Link>
        </p>
      )}
      {/* "webauthn": the field's suggestions may offer this site's passkeys (components/passkeys/passkey-sign-in.tsx). */}
      <TextField name="email" label="Email" type="email" autoComplete="username webauthn" />
      <div>
        <TextField name="password" label="Password" type="password" autoComplete="current-password" />
        <p className="small" style={{ marginTop: "0.4rem", textAlign: "right" }}>
          <Link href="/forgot-password">Forgot password?</Link>
        </p>
      </div>
      <SubmitButton pendingText="Signing in…">Sign in</SubmitButton>
    </ActionForm>
  );
}
