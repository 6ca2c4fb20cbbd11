"use server";
import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { LoginRefused, signIn } from "@/auth";
import { publicAction } from "@/lib/actions/safe-action";
import { postedFields, type PostedState } from "@/lib/actions/posted-form";
import { config } from "@/lib/config/env";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { clearPendingSignIn, readPendingSignIn, SIGN_IN_EXPIRED } from "@/lib/sign-in/pending-cookie";
import { secondStepFormSchema } from "@/lib/validation/mfa";

// The sign-in's second step, after the password form or OAuth: the mfaToken comes from the
// HttpOnly cookie, the code from the form, and Auth.js's Credentials provider finishes it
// (completeSignIn), so the browser session is one of our sessions at aal2.
const finish = publicAction(secondStepFormSchema, async (input) => {
  const mfaToken = await readPendingSignIn();
  if (!mfaToken) return { ok: false as const, code: "invalid_token", formError: SIGN_IN_EXPIRED };
  const proof = input.code !== undefined ? { code: input.code } : { recoveryCode: input.recoveryCode! };
  try {
    await signIn("credentials", { mfaToken, ...proof, redirect: false });
  } catch (error) {
    if (error instanceof LoginRefused) {
      if (error.apiCode === "invalid_token") {
        await clearPendingSignIn();
        return { ok: false as const, code: error.apiCode, formError: SIGN_IN_EXPIRED };
      }
      if (error.apiCode === "invalid_code") {
        return {
          ok: false as const,
          code: error.apiCode,
          fieldErrors: { [input.code !== undefined ? "code" : "recoveryCode"]: "That code is wrong or was already used." },
        };
      }
      return { ok: false as const, code: error.apiCode, formError: error.detail };
    }
    if (error instanceof AuthError)
      return { ok: false as const, code: "invalid_code", formError: "That code is wrong or was already used." };
    throw error;
  }
  await clearPendingSignIn();
  redirect(safeCallbackUrl(input.callbackUrl, config().appUrl));
});

export async function finishSignInAction(_previous: PostedState<unknown>, form: FormData): Promise<PostedState<unknown>> {
  return finish(postedFields(form));
}
