import * as z from "zod";
import { currentPasswordSchema } from "./common";

// Inputs of the second-factor endpoints and forms (one schema each, shared by the forms, the
// server actions, the route handlers and the OpenAPI document).

export const totpCodeSchema = z
  .string({ error: "Enter the 6-digit code from your authenticator app." })
  .trim()
  .regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app.");

export const recoveryCodeSchema = z
  .string({ error: "Enter one of your recovery codes." })
  .trim()
  .min(10, "Enter one of your recovery codes (like abcde-23456).")
  .max(32, "Enter one of your recovery codes (like abcde-23456).");

export const mfaTokenSchema = z.string({ error: "The sign-in has expired: sign in again." }).trim().min(16).max(128);

/** POST /api/auth/mfa/step-up. */
export const totpCodeBodySchema = z.object({ code: totpCodeSchema });

/** Turning on the first factor, or removing one: every other session may be signed out with it. */
export const signOutOtherSessionsField = z
  .boolean({ error: "signOutOtherSessions is true or false." })
  .optional()
  .meta({ description: "true: every other session of the account ends (the calling one stays)." });

/** POST /api/auth/mfa/totp/enable. */
export const totpEnableSchema = totpCodeBodySchema.extend({ signOutOtherSessions: signOutOtherSessionsField });

/** DELETE /api/auth/mfa/totp and DELETE /api/auth/passkeys/{id} (an optional JSON body). */
export const factorRemovalSchema = z.object({ signOutOtherSessions: signOutOtherSessionsField });

/** POST /api/auth/mfa/verify: an mfaToken (or Bearer) and exactly one of code or recoveryCode. */
export const mfaVerifySchema = z
  .object({
    mfaToken: mfaTokenSchema.optional(),
    code: totpCodeSchema.optional(),
    recoveryCode: recoveryCodeSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if ((value.code === undefined) === (value.recoveryCode === undefined)) {
      ctx.addIssue({ code: "custom", path: ["code"], message: "Send either a 6-digit code or a recovery code." });
    }
  });
export type MfaVerifyInput = z.infer<typeof mfaVerifySchema>;

export const proofOf = (input: { code?: string; recoveryCode?: string }) =>
  input.code !== undefined ? { code: input.code } : { recoveryCode: input.recoveryCode! };

// Browser forms (profile security section, organization policy switch, second step).

/** A form that needs the step-up window: the password, only when the window is closed. */
export const stepUpFormSchema = z.object({ password: currentPasswordSchema.optional() });

/** The pages' "Sign out my other sessions" box (components/mfa/sign-out-others.tsx): "on" or absent. */
export const signOutOtherSessionsBox = z
  .enum(["on"])
  .optional()
  .transform((v) => v === "on");

/** The form that turns the authenticator app on. */
export const totpEnableFormSchema = totpCodeBodySchema.extend({ signOutOtherSessions: signOutOtherSessionsBox });

/** Turning the authenticator app off always re-checks the password. */
export const disableTotpFormSchema = z.object({ password: currentPasswordSchema, signOutOtherSessions: signOutOtherSessionsBox });

/** The organization's "require two-factor authentication" switch. */
export const mfaPolicyFormSchema = stepUpFormSchema.extend({
  requireMfa: z.enum(["on", "off"], { error: "Choose on or off." }).transform((v) => v === "on"),
});

/** The sign-in's second step, or raising a session: a 6-digit code or a recovery code. */
export const secondStepFormSchema = z
  .object({ code: totpCodeSchema.optional(), recoveryCode: recoveryCodeSchema.optional(), callbackUrl: z.string().max(2048).optional() })
  .superRefine((value, ctx) => {
    if (value.code === undefined && value.recoveryCode === undefined) {
      ctx.addIssue({ code: "custom", path: ["code"], message: "Enter the 6-digit code from your authenticator app." });
    }
  });
