"use client";
import Link from "next/link";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { TextField } from "@/components/form/text-field";
import { useActionForm } from "@/components/form/use-action-form";
import { loginSchema } from "@/lib/validation/auth";
import { signInAction } from "./actions";

export function LoginForm({ callbackUrl, email }: { callbackUrl?: string; email?: string }) {
  const controller = useActionForm(loginSchema, signInAction, {
    defaultValues: { email: email ?? "", password: "" },
    // A refused password is never left in the field (or echoed back by the server).
    clearOnError: ["password"],
  });
  const { result, form } = controller;
  // sso_required: the organization's identity provider signs this person in (home-realm discovery).
  const ssoUrl = result && !result.ok && result.code === "sso_required" ? result.extensions?.ssoUrl : undefined;
  const unverifiedEmail =
    result && !result.ok && result.code === "email_not_verified" ? (result.values?.email ?? form.getValues("email")) : null;
  return (
    <ActionForm controller={controller} label="Sign in">
      {ssoUrl && (
        <p>
          <a className="btn btn-primary" href={ssoUrl}>
            Continue with SSO
          </a>
        </p>
      )}
      {unverifiedEmail && (
        <p className="small">
          <Link href={`/confirm?email=${encodeURIComponent(String(unverifiedEmail))}`}>Enter your confirmation code</Link>
        </p>
      )}
      {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
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
