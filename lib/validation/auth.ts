import * as z from "zod";
import {
  currentPasswordSchema,
  emailSchema,
  idSchema,
  linkTokenSchema,
  passwordSchema,
  personNameSchema,
  sixDigitCodeSchema,
} from "./common";
import { organizationNameSchema } from "./organizations";

// One schema per input of the account endpoints, shared by the forms, the server actions, the
// route handlers and the OpenAPI document.

export const registerSchema = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    passwordConfirmation: z.string().optional(),
    name: personNameSchema.optional(),
    firstName: personNameSchema.optional(),
    lastName: personNameSchema.optional(),
    organizationName: organizationNameSchema.optional(),
    invitationToken: linkTokenSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (!value.name && !(value.firstName && value.lastName)) {
      ctx.addIssue({ code: "custom", path: ["name"], message: "Enter your name (or a first and last name)." });
    }
    if (value.passwordConfirmation !== undefined && value.passwordConfirmation !== value.password) {
      ctx.addIssue({ code: "custom", path: ["passwordConfirmation"], message: "The passwords do not match." });
    }
  });
export type RegisterInput = z.infer<typeof registerSchema>;

export const loginSchema = z.object({
  email: emailSchema,
  password: currentPasswordSchema,
  organizationId: idSchema.optional(),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const refreshSchema = z.object({
  refresh_token: z.string({ error: "refresh_token is required." }).min(1, "refresh_token is required.").max(512),
});

export const logoutSchema = z.object({ allSessions: z.boolean().optional() });

export const confirmAccountSchema = z
  .object({ email: emailSchema.optional(), code: sixDigitCodeSchema.optional(), token: linkTokenSchema.optional() })
  .superRefine((value, ctx) => {
    if (value.token) return;
    if (!value.email) ctx.addIssue({ code: "custom", path: ["email"], message: "Enter your email address (or send the link's token)." });
    if (!value.code) ctx.addIssue({ code: "custom", path: ["code"], message: "Enter the 6-digit code from the email." });
  });
export type ConfirmAccountInput = z.infer<typeof confirmAccountSchema>;

export const emailOnlySchema = z.object({ email: emailSchema });

export const tokenParamsSchema = z.object({ token: z.string().max(512) });
export const sessionParamsSchema = z.object({ sid: idSchema });

/** POST /api/auth/undo-email-change: the token from the "your email address was changed" notice. */
export const undoEmailChangeSchema = z.object({ token: linkTokenSchema });
