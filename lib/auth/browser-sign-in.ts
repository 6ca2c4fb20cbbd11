import "server-only";
import { authenticate, organizationForNewSession } from "@/lib/accounts/login";
import { beginSignIn, mfaRequired } from "@/lib/mfa/gate";
import { clientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { loginSchema } from "@/lib/validation/auth";
import { logOut } from "./sessions";

// Sign-in and sign-out for the browser (Auth.js Credentials). The browser session is one of our
// server-side sessions, started and ended by the same code as the token API's.

export interface BrowserSessionUser {
  id: string;
  email: string;
  sid: string;
}

export async function signInWithPassword(credentials: unknown, request: Request): Promise<BrowserSessionUser> {
  const parsed = loginSchema.safeParse(credentials);
  if (!parsed.success) throw new ApiError("invalid_credentials", "Enter your email address and password.");
  const client = clientInfo(request);
  const user = await authenticate(parsed.data, client);
  const organizationId = await organizationForNewSession(user.id, parsed.data.organizationId);
  const outcome = await beginSignIn({ userId: user.id, organizationId, client, via: "browser", firstFactor: "pwd" });
  if (outcome.kind === "second_factor_required") throw mfaRequired(outcome);
  return { id: user.id, email: user.email, sid: outcome.sessionId };
}

/** Ends the server-side session behind a browser cookie (sign-out), as POST /api/auth/logout does. */
export async function endBrowserSession(sessionId: string, userId: string) {
  await logOut({ userId, sessionId, via: "browser" });
}
