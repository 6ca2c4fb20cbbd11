"use server";
import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/actions/safe-action";
import { postedFields, type PostedState } from "@/lib/actions/posted-form";
import { isFormAnswer, stepUpFromForm } from "@/lib/mfa/form-step-up";
import { mfaStatus } from "@/lib/mfa/factors";
import { beginTotpSetup, confirmTotp, regenerateRecoveryCodes, removeTotp } from "@/lib/mfa/manage";
import { qrCodeSvg } from "@/lib/mfa/qr-code";
import { groupedSecret } from "@/lib/mfa/totp";
import { disableTotpFormSchema, stepUpFormSchema, totpEnableFormSchema } from "@/lib/validation/mfa";

// The profile's security section: the same modules as /api/auth/mfa/*. Each action is a form's
// action (previous state, FormData), so the forms work with JavaScript off too.

export interface TotpSetup {
  qrSvg: string;
  groupedSecret: string;
  otpauthUrl: string;
}

const setup = userAction<typeof stepUpFormSchema, TotpSetup>(stepUpFormSchema, async (input, { principal }) => {
  const actor = await stepUpFromForm(principal, input.password);
  if (isFormAnswer(actor)) return actor;
  const { secret, otpauthUrl } = await beginTotpSetup(actor);
  return { qrSvg: await qrCodeSvg(otpauthUrl), groupedSecret: groupedSecret(secret), otpauthUrl } satisfies TotpSetup;
});

const confirm = userAction<typeof totpEnableFormSchema, { recoveryCodes: string[] }>(
  totpEnableFormSchema,
  async (input, { principal, client }) => {
    const { recoveryCodes } = await confirmTotp(principal, input.code, client, { signOutOtherSessions: input.signOutOtherSessions });
    return {
      ok: true as const,
      data: { recoveryCodes: recoveryCodes ?? [] },
      message: "Your authenticator app is on. You will be asked for a code when you sign in.",
    };
  },
);

const regenerate = userAction<typeof stepUpFormSchema, { recoveryCodes: string[] }>(
  stepUpFormSchema,
  async (input, { principal, client }) => {
    const actor = await stepUpFromForm(principal, input.password);
    if (isFormAnswer(actor)) return actor;
    const { recoveryCodes } = await regenerateRecoveryCodes(actor, client);
    return { ok: true as const, data: { recoveryCodes }, message: "New recovery codes are ready. The old ones no longer work." };
  },
);

const disable = userAction<typeof disableTotpFormSchema, null>(disableTotpFormSchema, async (input, { principal, client }) => {
  // Turning the factor off always re-checks the password, even inside the step-up window.
  const actor = await stepUpFromForm(principal, input.password, { always: true });
  if (isFormAnswer(actor)) return actor;
  await removeTotp(actor, client, { signOutOtherSessions: input.signOutOtherSessions });
  revalidatePath("/profile");
  // A passkey may still be a second factor: then the password alone does not sign in.
  if ((await mfaStatus(actor.userId)).enabled)
    return { ok: true as const, data: null, message: "Your authenticator app was removed. Your passkeys still sign you in." };
  return { ok: true as const, data: null, message: "Two-factor authentication is off. Your password alone now signs you in." };
});

export async function setUpTotpAction(_previous: PostedState<TotpSetup>, form: FormData) {
  return setup(postedFields(form));
}
export async function confirmTotpAction(_previous: PostedState<{ recoveryCodes: string[] }>, form: FormData) {
  return confirm(postedFields(form));
}
export async function regenerateRecoveryCodesAction(_previous: PostedState<{ recoveryCodes: string[] }>, form: FormData) {
  return regenerate(postedFields(form));
}
export async function disableTotpAction(_previous: PostedState<null>, form: FormData) {
  return disable(postedFields(form));
}
