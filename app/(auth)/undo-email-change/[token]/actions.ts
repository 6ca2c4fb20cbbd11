"use server";
import { undoEmailChange } from "@/lib/accounts/email-change";
import { publicAction } from "@/lib/actions/safe-action";
import { undoEmailChangeSchema } from "@/lib/validation/auth";

// The same module as POST /api/auth/undo-email-change.
export const undoEmailChangeAction = publicAction(undoEmailChangeSchema, async (input, { client }) => {
  const { message } = await undoEmailChange(input.token, client);
  return { ok: true as const, data: null, message };
});
