"use server";
import { redirect } from "next/navigation";
import * as z from "zod";
import { confirmAdminEmailProof, sendAdminEmailProof } from "@/lib/admin/email-proof";
import { postedFields, type PostedState } from "@/lib/actions/posted-form";
import { userAction } from "@/lib/actions/safe-action";
import { adminEmailProofSchema } from "@/lib/validation/admin";

// The ADMIN_EMAILS proof on the /admin gate (lib/admin/email-proof.ts): email me a code, then type
// it. Plain form actions, so both work before scripts load and with JavaScript off.

const send = userAction(z.object({}), async (_input, { principal }) => {
  const { email } = await sendAdminEmailProof(principal);
  return { ok: true as const, data: null, message: `We sent a code to ${email}. It works for 10 minutes.` };
});

const confirm = userAction(adminEmailProofSchema, async (input, { principal, client }) => {
  await confirmAdminEmailProof(principal, input.code, client);
  redirect("/admin");
});

export async function sendAdminProofAction(_previous: PostedState<null>, form: FormData) {
  return send(postedFields(form));
}
export async function confirmAdminProofAction(_previous: PostedState<null>, form: FormData) {
  return confirm(postedFields(form));
}
