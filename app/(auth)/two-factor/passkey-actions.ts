"use server";
import { AuthError } from "next-auth";
import * as z from "zod";
import { LoginRefused, signIn } from "@/auth";
import { publicAction } from "@/lib/actions/safe-action";
import { ApiError } from "@/lib/http/errors";
import { clearPendingSignIn, readPendingSignIn, SIGN_IN_EXPIRED } from "@/lib/sign-in/pending-cookie";
import { authenticationOptions } from "@/lib/sign-in/doors/passkey";

// A passkey as the second step of a browser sign-in: the mfaToken stays in its HttpOnly cookie
// and is read here, on the server, for the options (bound to this pending sign-in) and for
// Auth.js's "passkey" provider, which finishes it like POST /api/auth/passkeys/authenticate/verify.

const expired = { ok: false as const, code: "invalid_token", formError: SIGN_IN_EXPIRED };

export const secondStepPasskeyOptionsAction = publicAction(z.object({}), async (_input, { client }) => {
  const mfaToken = await readPendingSignIn();
  if (!mfaToken) throw new ApiError("invalid_token", SIGN_IN_EXPIRED);
  return authenticationOptions({ mfaToken }, client);
});

export const secondStepPasskeyAction = publicAction(z.object({ response: z.unknown() }), async (input) => {
  const mfaToken = await readPendingSignIn();
  if (!mfaToken) return expired;
  try {
    await signIn("passkey", { response: JSON.stringify(input.response), mfaToken, redirect: false });
  } catch (error) {
    if (error instanceof LoginRefused) {
      if (error.apiCode === "invalid_token" && /sign-in has expired/.test(error.detail)) {
        await clearPendingSignIn();
        return expired;
      }
      const formError =
        error.apiCode === "invalid_credentials" || error.apiCode === "invalid_token"
          ? "This passkey could not be verified. Try again, or use another method."
          : error.detail;
      return { ok: false as const, code: error.apiCode, formError };
    }
    if (error instanceof AuthError)
      return { ok: false as const, code: "invalid_credentials", formError: "This passkey could not be verified." };
    throw error;
  }
  await clearPendingSignIn();
  return null;
});
