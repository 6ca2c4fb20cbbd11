import * as z from "zod";
import { currentPasswordSchema, emailSchema, passwordSchema } from "./common";

// Inputs of the password lifecycle: change, re-check, forgot, reset. Every new password goes
// through passwordSchema (the one policy); every password being verified through
// currentPasswordSchema (never the strength rules: an old password may predate them).

/**
 * A reset token as typed or pasted. Deliberately loose: any malformed or unknown token is
 * answered 400 invalid_token by the server, the same as an expired one, not a 422 that would
 * tell "malformed" from "unknown".
 */
export const resetTokenSchema = z
  .string({ error: "The reset token is missing." })
  .trim()
  .min(1, "The reset token is missing.")
  .max(512, "This reset link is not valid.");

const confirmationMatches = (value: { password: string; passwordConfirmation?: string }, ctx: z.RefinementCtx) => {
  if (value.passwordConfirmation !== undefined && value.passwordConfirmation !== value.password) {
    ctx.addIssue({ code: "custom", path: ["passwordConfirmation"], message: "The passwords do not match." });
  }
};

export const changePasswordSchema = z
  .object({ currentPassword: currentPasswordSchema, newPassword: passwordSchema })
  .superRefine((value, ctx) => {
    if (value.currentPassword === value.newPassword) {
      ctx.addIssue({ code: "custom", path: ["newPassword"], message: "Choose a new password that differs from your current one." });
    }
  });
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

export const checkPasswordSchema = z.object({ password: currentPasswordSchema });
export type CheckPasswordInput = z.infer<typeof checkPasswordSchema>;

export const forgotPasswordSchema = z.object({ email: emailSchema });
export type ForgotPasswordInput = z.infer<typeof forgotPasswordSchema>;

export const validateTokenSchema = z.object({ token: resetTokenSchema });
export type ValidateTokenInput = z.infer<typeof validateTokenSchema>;

/** POST /api/auth/update-password/{token}: the token travels in the path. */
export const updatePasswordSchema = z
  .object({ password: passwordSchema, passwordConfirmation: z.string().optional() })
  .superRefine(confirmationMatches);
export type UpdatePasswordInput = z.infer<typeof updatePasswordSchema>;

export const updatePasswordParamsSchema = z.object({ token: z.string().max(512) });

export const resetPasswordSchema = z
  .object({ token: resetTokenSchema, password: passwordSchema, passwordConfirmation: z.string().optional() })
  .superRefine(confirmationMatches);
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;
