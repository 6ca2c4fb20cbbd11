"use server";
import { redirect } from "next/navigation";
import { register } from "@/lib/accounts/register";
import { publicAction } from "@/lib/actions/safe-action";
import { registerSchema } from "@/lib/validation/auth";

// The next page is a redirect from here (never a secret in its URL: the address only), so it
// works the same with and without JavaScript.
export const signUpAction = publicAction(registerSchema, async (input, { client }) => {
  const result = await register(input, client);
  const email = encodeURIComponent(input.email);
  if (result.kind === "verification_required") redirect(`/confirm?email=${email}&sent=1`);
  redirect(`/login?email=${email}&registered=1${input.invitationToken ? "&callbackUrl=/organizations" : ""}`);
});
