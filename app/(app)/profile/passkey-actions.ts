"use server";
import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { revalidatePath } from "next/cache";
import { postedFields, type PostedState } from "@/lib/actions/posted-form";
import { userAction } from "@/lib/actions/safe-action";
import { isFormAnswer, stepUpFromForm } from "@/lib/mfa/form-step-up";
import { registerPasskey, registrationOptions, removePasskey, renamePasskey } from "@/lib/passkeys/manage";
import { registrationResponseSchema } from "@/lib/validation/passkeys";
import {
  passkeyAddFinishSchema,
  passkeyAddStartSchema,
  passkeyRemoveFormSchema,
  passkeyRenameFormSchema,
} from "@/lib/validation/passkey-forms";

// The profile's passkeys: the same modules as /api/auth/passkeys/*. Adding runs in the page's
// script (the browser's WebAuthn prompt needs it); renaming and removing are plain forms.

/** Step 1 of adding: the password when the step-up window is closed, then the creation options. */
export const passkeyRegistrationOptionsAction = userAction(passkeyAddStartSchema, async (input, { principal }) => {
  const actor = await stepUpFromForm(principal, input.password);
  if (isFormAnswer(actor)) return actor;
  return registrationOptions(actor);
});

/** Step 2: the new credential from navigator.credentials.create(). */
export const addPasskeyAction = userAction(passkeyAddFinishSchema, async (input, { principal, client }) => {
  const response = registrationResponseSchema.parse(input.response) as RegistrationResponseJSON;
  const added = await registerPasskey(principal, { response, name: input.name, signOutOtherSessions: input.signOutOtherSessions }, client);
  revalidatePath("/profile");
  return { name: added.name, recoveryCodes: added.recoveryCodes ?? [] };
});

const rename = userAction<typeof passkeyRenameFormSchema, null>(passkeyRenameFormSchema, async (input, { principal }) => {
  await renamePasskey(principal, input.id, input.name);
  revalidatePath("/profile");
  return { ok: true as const, data: null, message: "Renamed." };
});

const remove = userAction<typeof passkeyRemoveFormSchema, null>(passkeyRemoveFormSchema, async (input, { principal, client }) => {
  // Removing a factor always re-checks the password, as turning off the authenticator app does.
  const actor = await stepUpFromForm(principal, input.password, { always: true });
  if (isFormAnswer(actor)) return actor;
  await removePasskey(actor, input.id, client, { signOutOtherSessions: input.signOutOtherSessions });
  revalidatePath("/profile");
  return { ok: true as const, data: null, message: "The passkey was removed." };
});

export async function renamePasskeyAction(_previous: PostedState<null>, form: FormData) {
  return rename(postedFields(form));
}
export async function removePasskeyAction(_previous: PostedState<null>, form: FormData) {
  return remove(postedFields(form));
}
