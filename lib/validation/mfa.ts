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

/** POST /api/auth/mfa/totp/enable and /mfa/step-up. */
export const totpCodeBodySchema = z.object({ code: totpCodeSchema });

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

/** Turning the authenticator app off always re-checks the password. */
export const disableTotpFormSchema = z.object({ password: currentPasswordSchema });

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
