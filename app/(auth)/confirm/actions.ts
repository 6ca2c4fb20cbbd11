"use server";
import { confirmEmail } from "@/lib/accounts/email-confirmation";
import { CODE_SENT_MESSAGE, resendConfirmation, resendForSession } from "@/lib/accounts/resend-confirmation";
import { currentPrincipal, publicAction } from "@/lib/actions/safe-action";
import { confirmAccountSchema, emailOnlySchema } from "@/lib/validation/auth";

// The same modules and limits as POST /api/auth/confirm-account and /api/auth/request-code.
export const confirmAction = publicAction(confirmAccountSchema, async (input, { client }) => {
  const confirmed = await confirmEmail(input, client);
  return { email: confirmed.email, emailChange: confirmed.purpose === "email_change" };
});

// An email change's code is re-sent only to the session that asked for it (signed in here).
export const resendCodeAction = publicAction(emailOnlySchema, async (input, { client, request }) => {
  const principal = await currentPrincipal(request);
  if (principal) await resendForSession(principal, client, input.email);
  else await resendConfirmation(input.email, client);
  return { ok: true as const, data: null, message: CODE_SENT_MESSAGE };
});
