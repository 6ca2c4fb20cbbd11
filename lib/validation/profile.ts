import * as z from "zod";
import { currentPasswordSchema, emailSchema, personNameSchema } from "./common";

// Inputs of the profile endpoints.

/**
 * PATCH (or PUT) /api/auth/profile. Every field is optional; an empty body changes nothing.
 * A new email is not applied here: the new address gets a code and a link, and the change
 * happens when it is confirmed. Changing the email needs recent proof of identity: either a
 * step-up window opened by POST /api/auth/check-password, or `currentPassword` in this body.
 */
export const updateProfileSchema = z
  .object({
    name: personNameSchema.optional(),
    firstName: personNameSchema.optional(),
    lastName: personNameSchema.optional(),
    email: emailSchema.optional(),
    currentPassword: currentPasswordSchema.optional(),
  })
  .meta({
    description:
      "Names apply at once. A new email is applied only after the new address confirms it (POST /api/auth/confirm-account); it needs a step-up window (POST /api/auth/check-password) or currentPassword. An email used by another account answers 409 conflict.",
  });
export type UpdateProfileInput = z.infer<typeof updateProfileSchema>;

/**
 * GET /api/auth/exist-email/{email}. By design this endpoint tells anyone whether an address has
 * an account: it is an enumeration oracle, kept for clients of older APIs and rate limited per
 * client. Sign-up, sign-in and forgot-password reveal nothing; prefer them in new clients.
 */
export const existEmailParamsSchema = z.object({ email: emailSchema }).meta({
  description:
    "Whether an account uses this address. This is an account-enumeration oracle by nature (kept for compatibility); it is rate limited per client.",
});
