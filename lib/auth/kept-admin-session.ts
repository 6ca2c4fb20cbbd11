import "server-only";
import { cookies } from "next/headers";

// While an admin is signed in as someone in the browser, their own session cookie waits in this
// HttpOnly cookie for "End" to put it back (lib/admin/browser-impersonation.ts). Signing out of the
// impersonation any other way drops it too: nothing of the admin's stays behind in that browser.

export const KEPT_ADMIN_COOKIE = "ks_admin_session";

export async function forgetKeptAdminSession(): Promise<void> {
  try {
    (await cookies()).delete(KEPT_ADMIN_COOKIE);
  } catch {
    // Outside a request (a script, a test calling the module): there is no browser to clean.
  }
}
