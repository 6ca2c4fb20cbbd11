"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { impersonateInBrowser } from "@/lib/admin/browser-impersonation";
import { deleteUser } from "@/lib/admin/delete";
import { adminAction } from "@/lib/actions/safe-action";
import { disableUser, enableUser, resetSecondFactors, revokeSessionsOf } from "@/lib/admin/users";
import { adminActionFormSchema } from "@/lib/validation/admin";

// The user page's actions: the same use cases as POST /api/admin/users/{userId}/…, behind the same
// check (adminAction asks requireInstanceAdmin on every call). Each is bound to the account by the
// server page and takes two submissions: the first checks the reason and answers what is about to
// happen, the second (`confirmed`) does it. The reason goes into the event in every case.
//
// CSRF: these are server actions, so Next runs them only for a POST whose Origin names this host
// (or an origin listed in serverActions.allowedOrigins: none here); a request from another site
// is refused before the action runs. The session cookie is SameSite=Lax as well, so a cross-site
// POST does not carry it. No token of our own is needed, nor added.

export type AdminStep = { step: "confirm"; reason: string } | { step: "done" };

const review = (reason: string) => ({ ok: true as const, data: { step: "confirm" as const, reason } });

function done(userId: string, message: string) {
  // The page's facts (state, sessions, factors, events) are read again for the answer.
  revalidatePath(`/admin/users/${userId}`);
  return { ok: true as const, data: { step: "done" as const }, message };
}

export const disableUserAction = adminAction<typeof adminActionFormSchema, AdminStep>(
  adminActionFormSchema,
  async ({ reason, confirmed }, { admin, userId, client }) => {
    if (!confirmed) return review(reason);
    await disableUser(admin, userId, reason, client);
    return done(userId, "Account disabled: every session has ended and sign-in is refused.");
  },
);

export const enableUserAction = adminAction<typeof adminActionFormSchema, AdminStep>(
  adminActionFormSchema,
  async ({ reason, confirmed }, { admin, userId, client }) => {
    if (!confirmed) return review(reason);
    await enableUser(admin, userId, client, reason);
    return done(userId, "Account enabled: the person can sign in again.");
  },
);

export const revokeSessionsAction = adminAction<typeof adminActionFormSchema, AdminStep>(
  adminActionFormSchema,
  async ({ reason, confirmed }, { admin, userId, client }) => {
    if (!confirmed) return review(reason);
    await revokeSessionsOf(admin, userId, client, reason);
    return done(userId, "Signed out everywhere: every session of this account has ended.");
  },
);

export const resetSecondFactorAction = adminAction<typeof adminActionFormSchema, AdminStep>(
  adminActionFormSchema,
  async ({ reason, confirmed }, { admin, userId, client }) => {
    if (!confirmed) return review(reason);
    await resetSecondFactors(admin, userId, client, reason);
    return done(userId, "Second factor reset: the person was emailed and signs in with their password alone until they add a new one.");
  },
);

/** Signs this browser in as the person (a banner on every page ends it); the admin's own session is kept aside. */
export const impersonateUserAction = adminAction<typeof adminActionFormSchema, AdminStep>(
  adminActionFormSchema,
  async ({ reason, confirmed }, { admin, userId, client }) => {
    if (!confirmed) return review(reason);
    await impersonateInBrowser(admin, userId, reason, client);
    redirect("/profile");
  },
);

export const deleteUserAction = adminAction<typeof adminActionFormSchema, AdminStep>(
  adminActionFormSchema,
  async ({ reason, confirmed }, { admin, userId, client }) => {
    if (!confirmed) return review(reason);
    await deleteUser(admin, userId, client, reason);
    redirect("/admin?deleted=1");
  },
);
