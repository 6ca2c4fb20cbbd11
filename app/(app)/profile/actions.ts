"use server";
import { signOut } from "@/auth";
import { changePassword } from "@/lib/accounts/password-change";
import { updateProfile } from "@/lib/accounts/profile-update";
import { userAction } from "@/lib/actions/safe-action";
import { revokeSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/http/errors";
import { sessionParamsSchema } from "@/lib/validation/auth";
import { changePasswordSchema } from "@/lib/validation/password";
import { updateProfileSchema } from "@/lib/validation/profile";

// The same modules as PATCH /api/auth/profile, POST /api/auth/change-password and
// DELETE /api/auth/sessions/{sid}.

export const updateProfileAction = userAction(updateProfileSchema, async (input, { principal, client }) => {
  const before = await db().user.findUniqueOrThrow({ where: { id: principal.userId }, select: { email: true } });
  const profile = await updateProfile(principal, input, client);
  const emailPending = Boolean(input.email && input.email !== before.email);
  return {
    ok: true as const,
    data: { name: profile.name, pendingEmail: emailPending ? input.email! : null },
    message: emailPending
      ? `We sent a code and a link to ${input.email}. Your email changes once you confirm it.`
      : "Your profile was saved.",
  };
});

export const changePasswordAction = userAction(changePasswordSchema, async (input, { principal, client }) => {
  const { message } = await changePassword(principal, input, client);
  return { ok: true as const, data: null, message };
});

export const revokeSessionAction = userAction(sessionParamsSchema, async (input, { principal }) => {
  // Scoped to the caller: another user's session id is simply not found.
  const session = await db().authSession.findFirst({ where: { id: input.sid, userId: principal.userId, revokedAt: null }, select: { id: true } });
  if (!session) throw notFound("This session has already ended.");
  if (session.id === principal.sessionId) {
    await signOut({ redirectTo: "/login?signedOut=1" });
    return null;
  }
  await revokeSession(db(), session.id, "revoked_by_user");
  return null;
});
