import "server-only";
import { refuseWhileImpersonating } from "@/lib/auth/impersonation";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { emitToMemberships } from "@/lib/events/emit";
import { hashPassword } from "@/lib/auth/passwords";
import { revokeUserSessions } from "@/lib/sessions/end";
import type { ChangePasswordInput } from "@/lib/validation/password";
import { verifyCurrentPassword } from "./password-check";
import { displayName } from "./profile";
import { sendPasswordChangedNotice } from "./security-notices";

export const PASSWORD_CHANGED_MESSAGE = "Your password was changed. Every other session was signed out.";

/**
 * Changes the signed-in user's password. Whoever else holds a session (another device, or a
 * thief) is signed out; the session making the change stays, so the user is not thrown out of
 * the page they are on. Pending reset links die too (they were issued for the old password), and
 * so does a pending email change, even this session's.
 */
export async function changePassword(
  actor: { userId: string; sessionId: string; impersonatorId?: string | null },
  input: ChangePasswordInput,
  client: ClientInfo,
): Promise<{ message: string }> {
  refuseWhileImpersonating(actor, "the password");
  await verifyCurrentPassword(actor.userId, input.currentPassword);
  const passwordHash = await hashPassword(input.newPassword);

  const user = await db().$transaction(async (tx) => {
    const now = new Date();
    const updated = await tx.user.update({
      where: { id: actor.userId },
      data: { passwordHash, passwordChangedAt: now },
      select: { email: true, name: true, firstName: true, lastName: true },
    });
    await revokeUserSessions(tx, actor.userId, "password_changed", { except: actor.sessionId });
    // A pending email change may be the intruder's this change answers: it dies too.
    await tx.oneTimeToken.updateMany({
      where: { userId: actor.userId, purpose: { in: ["password_reset", "email_change"] }, consumedAt: null },
      data: { consumedAt: now },
    });
    await emitToMemberships(tx, actor.userId, { type: "password.changed", client, metadata: { sessionId: actor.sessionId } });
    return updated;
  });

  await sendPasswordChangedNotice(user.email, displayName(user), "change");
  return { message: PASSWORD_CHANGED_MESSAGE };
}
