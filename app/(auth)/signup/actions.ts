"use server";
import { register } from "@/lib/accounts/register";
import { publicAction } from "@/lib/actions/safe-action";
import { registerSchema } from "@/lib/validation/auth";

export const signUpAction = publicAction(registerSchema, async (input, { client }) => {
  const result = await register(input, client);
  return { email: input.email, verificationRequired: result.kind === "verification_required" };
});
