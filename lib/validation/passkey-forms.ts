import * as z from "zod";
import { idSchema } from "./common";
import { signOutOtherSessionsBox } from "./mfa";
import { passkeyNameSchema } from "./passkeys";

// The profile's passkey forms (server actions). The password is asked when the step-up window is
// closed, as in the other security forms (lib/mfa/form-step-up.ts).

const password = z.string().max(1024).optional();

export const passkeyAddStartSchema = z.object({ password });
export const passkeyAddFinishSchema = z.object({
  response: z.unknown(),
  name: passkeyNameSchema.optional(),
  signOutOtherSessions: z.boolean().optional(),
});
export const passkeyRenameFormSchema = z.object({ id: idSchema, name: passkeyNameSchema });
export const passkeyRemoveFormSchema = z.object({ id: idSchema, password, signOutOtherSessions: signOutOtherSessionsBox });
