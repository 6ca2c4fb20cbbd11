"use server";
import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { signIn, signOut } from "@/auth";
import { checkPassword } from "@/lib/accounts/password-check";
import type { ActionResult } from "@/lib/actions/result";
import { unlinkProvider } from "@/lib/auth/linked-accounts";
import { enabledOAuthProviders } from "@/lib/sign-in/doors/oauth";
import { encodeLinkIntent, LINK_INTENT_COOKIE, linkIntentCookieOptions } from "@/lib/auth/oauth-link-intent";
import { changePassword } from "@/lib/accounts/password-change";
import { updateProfile } from "@/lib/accounts/profile-update";
import { userAction } from "@/lib/actions/safe-action";
import { postedFields, type PostedState } from "@/lib/actions/posted-form";
import { isFormAnswer, stepUpFromForm } from "@/lib/mfa/form-step-up";
import { requireSignInMethodChangeRights } from "@/lib/mfa/factor-changes";
import { revokeSession } from "@/lib/sessions/end";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/http/errors";
import { sessionParamsSchema } from "@/lib/validation/auth";
import { connectProviderSchema, disconnectProviderSchema } from "@/lib/validation/linked-accounts";
import { changePasswordSchema } from "@/lib/validation/password";
import { updateProfileSchema } from "@/lib/validation/profile";
import { oauthClientParamsSchema } from "@/lib/validation/oauth-clients";
import { withdrawConsent } from "@/lib/oauth/consents";

// The same modules as PATCH /api/auth/profile, POST /api/auth/change-password and
// DELETE /api/auth/sessions/{sid}; consents to OAuth applications have this page only.

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
  const session = await db().authSession.findFirst({
    where: { id: input.sid, userId: principal.userId, revokedAt: null },
    select: { id: true },
  });
  if (!session) throw notFound("This session has already ended.");
  if (session.id === principal.sessionId) {
    await signOut({ redirectTo: "/login?signedOut=1" });
    return null;
  }
  await revokeSession(db(), session.id, "revoked_by_user");
  return null;
});

// Connected accounts. Connecting re-checks the password (opening this session's step-up window),
// leaves a signed link intent for this session, and sends the browser to the provider; the OAuth
// callback links only if this session is still alive and inside its window then.
const connectProvider = userAction(connectProviderSchema, async (input, { principal }) => {
  if (!enabledOAuthProviders().some((p) => p.id === input.provider)) throw notFound("That sign-in provider is not available.");
  const { stepUpUntil } = await checkPassword({
    userId: principal.userId,
    sessionId: principal.sessionId,
    impersonatorId: principal.impersonatorId,
    password: input.password,
  });
  // With a factor on, only a session that used it may add a way in.
  await requireSignInMethodChangeRights({ ...principal, stepUpUntil });
  (await cookies()).set(
    LINK_INTENT_COOKIE,
    encodeLinkIntent({ sid: principal.sessionId, uid: principal.userId, provider: input.provider }),
    linkIntentCookieOptions(),
  );
  await signIn(input.provider, { redirectTo: `/profile?linked=${input.provider}` });
  return null;
});

/** A plain form action (useActionState), so it also posts before any script has loaded. */
export async function connectProviderAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  return connectProvider({ provider: form.get("provider"), password: form.get("password") });
}

// Removing a provider needs what connecting one does: the step-up window (the password, when it
// is closed) and, with a factor on, a session that used it.
const disconnectProvider = userAction<typeof disconnectProviderSchema, null>(
  disconnectProviderSchema,
  async (input, { principal, client }) => {
    const actor = await stepUpFromForm(principal, input.password);
    if (isFormAnswer(actor)) return actor;
    await unlinkProvider(actor, input.provider, client);
    revalidatePath("/profile");
    return { ok: true as const, data: null, message: "Removed." };
  },
);

/** A plain form action (useActionState), so it also posts before any script has loaded. */
export async function disconnectProviderAction(_previous: PostedState<null>, form: FormData) {
  return disconnectProvider(postedFields(form));
}

/** Withdraws what the person allowed an application (lib/oauth/consents.ts): its tokens end at once. */
export const withdrawConsentAction = userAction(oauthClientParamsSchema, async (input, { principal, client }) => {
  if (!(await withdrawConsent(principal.userId, input.clientId, client))) throw notFound("That application has no access to remove.");
  revalidatePath("/profile");
  return { ok: true as const, data: null, message: "Access removed." };
});
