import "server-only";
import { standingOf, type AdminStanding } from "@/lib/auth/admin-standing";
import type { Principal } from "@/lib/auth/principal";
import { config } from "@/lib/config/env";
import type { Tx } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/http/errors";
import { hasSecondFactor } from "@/lib/db/statements/factors";
import { adminStandingRow } from "@/lib/db/statements/users";

// Who administers the instance (API.md, "Instance administration"): accounts granted with
// `npm run admin:grant`, and accounts whose address ADMIN_EMAILS lists once they proved it. A
// confirmed address alone is not enough: confirming is opening a link, which a mail scanner does
// too, so whoever registered a listed address first (or changed their address to it) would become
// an admin. The proof is a code mailed to the address and typed into an aal2 session of the
// account (lib/admin/email-proof.ts): the one holding the account also reads the mailbox.
// Every admin route and page asks `requireInstanceAdmin`: anyone else gets 404 (the surface does
// not exist for them), an API key never gets in, and an admin needs a second factor and a session
// that used it.

export type AdminPrincipal = Extract<Principal, { kind: "user" }>;

/** "listed": ADMIN_EMAILS names the confirmed address, not yet proved by this account. */
export async function adminStanding(userId: string, tx?: Tx): Promise<AdminStanding> {
  return standingOf(await adminStandingRow(userId, tx), config().ADMIN_EMAILS);
}

/** Whether the account is an instance admin: granted, or listed in ADMIN_EMAILS and proved. */
export async function isInstanceAdmin(userId: string, tx?: Tx): Promise<boolean> {
  return (await adminStanding(userId, tx)) === "admin";
}

const NOT_FOUND = "No such resource.";

export async function requireInstanceAdmin(principal: Principal | null): Promise<AdminPrincipal> {
  // An impersonation session is a person's, whoever they have become since: never an admin's.
  if (!principal || principal.kind !== "user" || principal.impersonatorId) throw notFound(NOT_FOUND);
  const standing = await adminStanding(principal.userId);
  if (standing === "none") throw notFound(NOT_FOUND);
  if (!(await hasSecondFactor(principal.userId))) {
    throw new ApiError(
      "mfa_enrollment_required",
      "Instance administration needs a second factor: add an authenticator app or a passkey on your profile, then sign in with it.",
    );
  }
  if (principal.aal !== "aal2") {
    throw new ApiError("mfa_required", "Instance administration needs a session that used your second factor: sign in again with it.");
  }
  if (standing === "listed") {
    throw new ApiError("forbidden", "ADMIN_EMAILS lists your address: confirm it with the code we email you on the /admin page first.");
  }
  return principal;
}
