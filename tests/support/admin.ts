import { expect } from "vitest";
import { db } from "@/lib/db/client";
import { api } from "./api";
import { signUp, type SignedIn } from "./accounts";
import { codeIn, latestEmailTo } from "./mail";
import { enrolTotp } from "./mfa";

// Instance administration in a test: an admin the admin routes answer, and the disable they do.

/** An instance admin whose session used a second factor (enrolling raises the session that confirms it). */
export async function adminAtAal2(): Promise<SignedIn & { totpSecret: string }> {
  const admin = await signUp();
  await db().user.update({ where: { id: admin.userId }, data: { instanceAdmin: true } });
  const { secret } = await enrolTotp(admin);
  return { ...admin, totpSecret: secret };
}

/** POST /api/admin/users/{userId}/disable, as `admin`. */
export async function disableAccount(admin: SignedIn, userId: string, reason = "abuse report") {
  const res = await api("POST", `/api/admin/users/${userId}/disable`, { token: admin.access, json: { reason } });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

/**
 * The ADMIN_EMAILS proof, as the /admin page runs it: a code mailed to the listed address, typed
 * into this aal2 session (lib/admin/email-proof.ts).
 */
export async function proveAdminEmail(account: SignedIn) {
  const { confirmAdminEmailProof, sendAdminEmailProof } = await import("@/lib/admin/email-proof");
  const sid = JSON.parse(Buffer.from(account.access.split(".")[1]!, "base64url").toString("utf8")).sid as string;
  const principal = {
    kind: "user" as const,
    userId: account.userId,
    sessionId: sid,
    organizationId: null,
    stepUpUntil: null,
    aal: "aal2" as const,
    via: "bearer" as const,
  };
  const before = new Date();
  await sendAdminEmailProof(principal);
  const code = codeIn(await latestEmailTo(account.email, { after: before, subject: /administrator access/ }));
  expect(code).toBeTruthy();
  await confirmAdminEmailProof(principal, code!, { ip: "127.0.0.1", userAgent: null });
}
