"use server";
import { FORGOT_PASSWORD_MESSAGE, requestPasswordReset } from "@/lib/accounts/password-reset";
import { publicAction } from "@/lib/actions/safe-action";
import { forgotPasswordSchema } from "@/lib/validation/password";

export const forgotPasswordAction = publicAction(forgotPasswordSchema, async (input, { client }) => {
  await requestPasswordReset(input.email, client);
  return { ok: true as const, data: null, message: FORGOT_PASSWORD_MESSAGE };
});
