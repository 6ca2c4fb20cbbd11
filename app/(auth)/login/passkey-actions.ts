"use server";
import { AuthError } from "next-auth";
import * as z from "zod";
import { LoginRefused, signIn } from "@/auth";
import { publicAction } from "@/lib/actions/safe-action";
import { authenticationOptions } from "@/lib/sign-in/doors/passkey";

// "Sign in with a passkey" and passkey autofill on /login: the same modules as
// POST /api/auth/passkeys/authenticate/options and /verify, through Auth.js's "passkey" provider
// so the browser session is one of our sessions (at aal2).

const REFUSED = "This passkey could not be verified. Try again, or sign in with your password.";

export const passkeySignInOptionsAction = publicAction(z.object({}), async (_input, { client }) => authenticationOptions({}, client));

export const passkeySignInAction = publicAction(z.object({ response: z.unknown() }), async (input) => {
  try {
    await signIn("passkey", { response: JSON.stringify(input.response), redirect: false });
  } catch (error) {
    if (error instanceof LoginRefused) {
      const formError = error.apiCode === "invalid_credentials" || error.apiCode === "invalid_token" ? REFUSED : error.detail;
      return { ok: false as const, code: error.apiCode, formError };
    }
    if (error instanceof AuthError) return { ok: false as const, code: "invalid_credentials", formError: REFUSED };
    throw error;
  }
  return null;
});
