// Whether an account is an instance admin, from its row and ADMIN_EMAILS: pure, so both the admin
// module and the per-request session check (an impersonation lives only while its admin does) ask
// the same question. See lib/admin/access.ts for why a listed address needs a proof.

export type AdminStanding = "admin" | "listed" | "none";

export interface StandingRow {
  email: string;
  emailVerified: Date | null;
  instanceAdmin: boolean;
  disabledAt: Date | null;
  adminEmailProvedFor: string | null;
}

export function standingOf(user: StandingRow | null | undefined, adminEmails: readonly string[]): AdminStanding {
  if (!user || user.disabledAt) return "none";
  if (user.instanceAdmin) return "admin";
  if (user.emailVerified === null || !adminEmails.includes(user.email)) return "none";
  return user.adminEmailProvedFor === user.email ? "admin" : "listed";
}
