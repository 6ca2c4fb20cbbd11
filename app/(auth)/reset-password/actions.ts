"use server";
import { redirect } from "next/navigation";
import { resetPassword } from "@/lib/accounts/password-reset";
import { publicAction } from "@/lib/actions/safe-action";
import { resetPasswordSchema } from "@/lib/validation/password";
import { forgetLinkToken, RESET_LINK } from "../link-token";

// The token and the new password travel in the POST body; the next page's URL carries neither.
export const resetPasswordAction = publicAction(resetPasswordSchema, async (input, { client }) => {
  await resetPassword({ token: input.token, password: input.password }, client);
  await forgetLinkToken(RESET_LINK);
  redirect("/login?reset=1");
});
