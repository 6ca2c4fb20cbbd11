"use server";
import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { LoginRefused, signIn } from "@/auth";
import { publicAction } from "@/lib/actions/safe-action";
import { SECOND_STEP_PAGE } from "@/lib/mfa/enrol-redirect";
import { setPendingSignIn } from "@/lib/mfa/pending-cookie";
import { loginSchema } from "@/lib/validation/auth";

const REFUSALS: Record<string, string> = {
  invalid_credentials: "The email or password is incorrect.",
  email_not_verified: "Confirm your email address first: enter the code we sent you.",
};

export const signInAction = publicAction(loginSchema, async (input) => {
  try {
    await signIn("credentials", { email: input.email, password: input.password, redirect: false });
  } catch (error) {
    // A second factor is owed: authorize checked the password once and opened no session. The
    // mfaToken goes into an HttpOnly cookie (never a URL) and the browser to the second step.
    if (error instanceof LoginRefused && error.apiCode === "mfa_required" && error.mfaToken) {
      await setPendingSignIn(error.mfaToken);
      redirect(SECOND_STEP_PAGE);
    }
    if (error instanceof LoginRefused) {
      return { ok: false as const, code: error.apiCode, formError: REFUSALS[error.apiCode] ?? error.detail };
    }
    if (error instanceof AuthError) return { ok: false as const, code: "invalid_credentials", formError: REFUSALS.invalid_credentials };
    throw error;
  }
  return { email: input.email };
});
