"use server";
import { undoEmailChange } from "@/lib/accounts/email-change";
import { publicAction } from "@/lib/actions/safe-action";
import { undoEmailChangeSchema } from "@/lib/validation/auth";
import { forgetLinkToken, UNDO_EMAIL_CHANGE_LINK } from "../link-token";

// The same module as POST /api/auth/undo-email-change.
export const undoEmailChangeAction = publicAction(undoEmailChangeSchema, async (input, { client }) => {
  const { message } = await undoEmailChange(input.token, client);
  await forgetLinkToken(UNDO_EMAIL_CHANGE_LINK);
  return { ok: true as const, data: null, message };
});
