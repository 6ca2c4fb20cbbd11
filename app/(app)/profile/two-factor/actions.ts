"use server";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { redirect } from "next/navigation";
import * as z from "zod";
import { userAction } from "@/lib/actions/safe-action";
import { postedFields, type PostedState } from "@/lib/actions/posted-form";
import { config } from "@/lib/config/env";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { raiseSession } from "@/lib/sign-in/second-step";
import { authenticationOptions, stepUpWithPasskey } from "@/lib/sign-in/doors/passkey";
import { proofOf, secondStepFormSchema } from "@/lib/validation/mfa";
import { authenticationResponseSchema } from "@/lib/validation/passkeys";

// A signed-in session at aal1 (signed in before the factor was added, or an organization turned
// its policy on) is raised to aal2 by a code: the same session, as POST /api/auth/mfa/verify with
// Bearer does. The token pair raiseSession also issues is not needed by the browser.
const raise = userAction(secondStepFormSchema, async (input, { principal, client }) => {
  await raiseSession(principal, proofOf(input), client);
  redirect(safeCallbackUrl(input.callbackUrl, config().appUrl));
});

export async function raiseSessionAction(_previous: PostedState<unknown>, form: FormData): Promise<PostedState<unknown>> {
  return raise(postedFields(form));
}

// Or with a passkey: the assertion opens the step-up window and raises this session to aal2
// (lib/passkeys/sign-in.ts stepUpWithPasskey, as POST /api/auth/passkeys/authenticate/verify with
// the browser session does). The page then goes where the code form would have.
/** The options for that assertion: the challenge is bound to this session (only its step-up). */
export const raiseWithPasskeyOptionsAction = userAction(z.object({}), async (_input, { principal, client }) =>
  authenticationOptions({}, client, principal),
);

export const raiseWithPasskeyAction = userAction(z.object({ response: z.unknown() }), async (input, { principal, client }) => {
  const response = authenticationResponseSchema.parse(input.response) as AuthenticationResponseJSON;
  await stepUpWithPasskey(principal, response, client);
  return null;
});
