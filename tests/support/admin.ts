import { expect } from "vitest";
import { db } from "@/lib/db/client";
import { api } from "./api";
import { signUp, type SignedIn } from "./accounts";
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
