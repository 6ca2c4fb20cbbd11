"use server";
import { AuthError } from "next-auth";
import { config } from "@/lib/config/env";
import { redirect } from "next/navigation";
import { LoginRefused, signIn } from "@/auth";
import { publicAction } from "@/lib/actions/safe-action";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { loginFormSchema } from "@/lib/validation/forms";

const REFUSALS: Record<string, string> = {
  invalid_credentials: "The email or password is incorrect.",
  email_not_verified: "Confirm your email address first: enter the code we sent you.",
};

// Auth.js signs in here, on the server, and sets its cookie on this response; the redirect is
// ours, so it works the same with and without JavaScript and can only lead to a path on this site.
export const signInAction = publicAction(loginFormSchema, async (input) => {
  try {
    await signIn("credentials", { email: input.email, password: input.password, redirect: false });
  } catch (error) {
    if (error instanceof LoginRefused) {
      return { ok: false as const, code: error.apiCode, formError: REFUSALS[error.apiCode] ?? error.detail };
    }
    if (error instanceof AuthError) return { ok: false as const, code: "invalid_credentials", formError: REFUSALS.invalid_credentials };
    throw error;
  }
  redirect(safeCallbackUrl(input.callbackUrl, config().appUrl));
});
