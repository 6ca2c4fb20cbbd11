"use server";
import { redirect } from "next/navigation";
import { confirmEmail } from "@/lib/accounts/email-confirmation";
import { CODE_SENT_MESSAGE, resendConfirmation, resendForSession } from "@/lib/accounts/resend-confirmation";
import type { ActionResult, FormState } from "@/lib/actions/result";
import { currentPrincipal, publicAction } from "@/lib/actions/safe-action";
import { confirmAccountSchema, emailOnlySchema } from "@/lib/validation/auth";

// The same modules and limits as POST /api/auth/confirm-account and /api/auth/request-code.
// The code travels in the POST body only; the next page's URL carries the address, never it.
export const confirmAction = publicAction(confirmAccountSchema, async (input, { client }) => {
  const confirmed = await confirmEmail(input, client);
  redirect(
    confirmed.purpose === "email_change" ? "/profile?emailChanged=1" : `/login?verified=1&email=${encodeURIComponent(confirmed.email)}`,
  );
});

// An email change's code is re-sent only to the session that asked for it (signed in here).
export const resendCodeAction = publicAction(emailOnlySchema, async (input, { client, request }) => {
  const principal = await currentPrincipal(request);
  if (principal) await resendForSession(principal, client, input.email);
  else await resendConfirmation(input.email, client);
  return { ok: true as const, data: null, message: CODE_SENT_MESSAGE };
});

/**
 * The confirm form's one action: "Send a new code" is a second button of the same form
 * (`intent=resend`), so both work without JavaScript and answer into the same form state.
 */
export async function confirmFormAction(_previous: FormState<null>, form: FormData): Promise<ActionResult<null>> {
  return form.get("intent") === "resend" ? resendCodeAction(null, form) : confirmAction(null, form);
}
