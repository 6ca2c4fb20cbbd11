import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { config } from "@/lib/config/env";
import { db, type Tx } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/http/errors";
import { hasSecondFactor } from "@/lib/db/statements/factors";

// Who administers the instance (API.md, "Instance administration"): accounts named by
// ADMIN_EMAILS (confirmed ones only: an unconfirmed registration of that address proves nothing)
// or granted with `npm run admin:grant`. Every admin route and page asks `requireInstanceAdmin`:
// anyone else gets 404 (the surface does not exist for them), an API key never gets in, and an
// admin needs a second factor and a session that used it.

export type AdminPrincipal = Extract<Principal, { kind: "user" }>;

/** Whether the account is an instance admin, by the flag or by a confirmed address in ADMIN_EMAILS. */
export async function isInstanceAdmin(userId: string, tx?: Tx): Promise<boolean> {
  const query = { where: { id: userId }, select: { email: true, emailVerified: true, instanceAdmin: true, disabledAt: true } };
  const user = await (tx ? tx.user.findUnique(query) : db().user.findUnique(query));
  if (!user || user.disabledAt) return false;
  return user.instanceAdmin || (user.emailVerified !== null && config().ADMIN_EMAILS.includes(user.email));
}

const NOT_FOUND = "No such resource.";

export async function requireInstanceAdmin(principal: Principal | null): Promise<AdminPrincipal> {
  // An impersonation session is a person's, whoever they have become since: never an admin's.
  if (!principal || principal.kind !== "user" || principal.impersonatorId || !(await isInstanceAdmin(principal.userId))) {
    throw notFound(NOT_FOUND);
  }
  if (!(await hasSecondFactor(principal.userId))) {
    throw new ApiError(
      "mfa_enrollment_required",
      "Instance administration needs a second factor: add an authenticator app or a passkey on your profile, then sign in with it.",
    );
  }
  if (principal.aal !== "aal2") {
    throw new ApiError("mfa_required", "Instance administration needs a session that used your second factor: sign in again with it.");
  }
  return principal;
}
