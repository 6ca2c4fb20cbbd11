"use server";
import { redeemCode, redeemLinkToken } from "@/lib/accounts/email-confirmation";
import { CODE_SENT_MESSAGE, resendConfirmation } from "@/lib/accounts/resend-confirmation";
import { publicAction } from "@/lib/actions/safe-action";
import { consume } from "@/lib/security/rate-limit";
import { confirmAccountSchema, emailOnlySchema } from "@/lib/validation/auth";

// The same modules and limits as POST /api/auth/confirm-account and /api/auth/request-code.
export const confirmAction = publicAction(confirmAccountSchema, async (input, { client }) => {
  await consume("confirmPerClient", client.ip);
  if (input.email) await consume("confirmPerEmail", input.email);
  const confirmed = input.token ? await redeemLinkToken(input.token, client) : await redeemCode(input.email!, input.code!, client);
  return { email: confirmed.email, emailChange: confirmed.purpose === "email_change" };
});

export const resendCodeAction = publicAction(emailOnlySchema, async (input, { client }) => {
  await resendConfirmation(input.email, client);
  return { ok: true as const, data: null, message: CODE_SENT_MESSAGE };
});
