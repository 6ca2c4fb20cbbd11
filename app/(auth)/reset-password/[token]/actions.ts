"use server";
import { resetPassword } from "@/lib/accounts/password-reset";
import { publicAction } from "@/lib/actions/safe-action";
import { resetPasswordSchema } from "@/lib/validation/password";

export const resetPasswordAction = publicAction(resetPasswordSchema, async (input, { client }) => {
  await resetPassword({ token: input.token, password: input.password }, client);
  return null;
});
