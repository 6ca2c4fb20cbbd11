"use server";
import { AuthError } from "next-auth";
import { LoginRefused, signIn } from "@/auth";
import { publicAction } from "@/lib/actions/safe-action";
import { loginSchema } from "@/lib/validation/auth";

const REFUSALS: Record<string, string> = {
  invalid_credentials: "The email or password is incorrect.",
  email_not_verified: "Confirm your email address first: enter the code we sent you.",
};

export const signInAction = publicAction(loginSchema, async (input) => {
  try {
    await signIn("credentials", { email: input.email, password: input.password, redirect: false });
  } catch (error) {
    if (error instanceof LoginRefused) {
      return { ok: false as const, code: error.apiCode, formError: REFUSALS[error.apiCode] ?? error.detail };
    }
    if (error instanceof AuthError) return { ok: false as const, code: "invalid_credentials", formError: REFUSALS.invalid_credentials };
    throw error;
  }
  return { email: input.email };
});
