import "server-only";
import { checkPassword } from "@/lib/accounts/password-check";
import type { ActionResult } from "@/lib/actions/result";
import type { Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/errors";

// The browser forms that need the step-up window (set up or remove a factor, regenerate
// recovery codes, the organization policy) ask for the password in the same form when the
// window is closed: the password opens the window exactly as POST /api/auth/check-password does
// (same counter of wrong passwords), on this session only.

type UserPrincipal = Extract<Principal, { kind: "user" }>;

export const stepUpOpen = (principal: UserPrincipal) => Boolean(principal.stepUpUntil && principal.stepUpUntil > new Date());

const passwordNeeded = {
  ok: false as const,
  code: "reauthentication_required",
  fieldErrors: { password: "Enter your password to continue." },
};

/** The principal with an open window, or the form's answer asking for (or refusing) the password. */
export async function stepUpFromForm(
  principal: UserPrincipal,
  password: string | undefined,
  options: { always?: boolean } = {},
): Promise<UserPrincipal | ActionResult<never>> {
  if (!options.always && stepUpOpen(principal)) return principal;
  if (!password) return passwordNeeded;
  try {
    const { stepUpUntil } = await checkPassword({
      userId: principal.userId,
      sessionId: principal.sessionId,
      impersonatorId: principal.impersonatorId,
      password,
    });
    return { ...principal, stepUpUntil };
  } catch (error) {
    if (error instanceof ApiError && error.code === "incorrect_password")
      return { ok: false, code: error.code, fieldErrors: { password: error.message } };
    throw error;
  }
}

export const isFormAnswer = (value: UserPrincipal | ActionResult<never>): value is ActionResult<never> => "ok" in value;
