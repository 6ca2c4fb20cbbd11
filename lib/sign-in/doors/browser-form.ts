import "server-only";
import * as z from "zod";
import { authenticate } from "./password";
import { organizationForNewSession } from "../organization";
import { beginSignIn, mfaRequired } from "@/lib/sign-in/gate";
import { completeSignIn } from "@/lib/sign-in/second-step";
import { db } from "@/lib/db/client";
import { clientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { loginSchema } from "@/lib/validation/auth";
import { mfaTokenSchema, mfaVerifySchema, proofOf } from "@/lib/validation/mfa";
import { logOut } from "@/lib/sessions/end";
import { sessionAssurance } from "@/lib/db/statements/auth-sessions";
import { forgetKeptAdminSession } from "@/lib/auth/kept-admin-session";

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
  const outcome = await beginSignIn({
    userId: user.id,
    organizationId,
    client,
    via: "browser",
    firstFactor: "pwd",
    credentialEpoch: user.credentialEpoch,
  });
  if (outcome.kind === "second_factor_required") throw mfaRequired(outcome);
  return { id: user.id, email: user.email, sid: outcome.sessionId };
}

const secondStepCredentials = mfaVerifySchema.and(z.object({ mfaToken: mfaTokenSchema }));

/** Which step the Credentials provider was given: the password, or the second factor. */
export const isSecondStep = (credentials: Record<string, unknown>) => typeof credentials.mfaToken === "string";

/**
 * The second step of a browser sign-in (after the password form, or after OAuth): the mfaToken
 * from the pending sign-in cookie and a code or recovery code. The same completeSignIn as
 * POST /api/auth/mfa/verify opens the session at aal2; the cookie then carries its id.
 */
export async function signInWithSecondFactor(credentials: unknown, request: Request): Promise<BrowserSessionUser> {
  const parsed = secondStepCredentials.safeParse(credentials);
  if (!parsed.success) throw new ApiError("invalid_code", "Enter the 6-digit code from your authenticator app.");
  const done = await completeSignIn(parsed.data.mfaToken, proofOf(parsed.data), clientInfo(request));
  const user = await db().user.findUniqueOrThrow({ where: { id: done.userId }, select: { email: true } });
  return { id: done.userId, email: user.email, sid: done.sessionId };
}

/** Ends the server-side session behind a browser cookie (sign-out), as POST /api/auth/logout does. */
export async function endBrowserSession(sessionId: string, userId: string) {
  // Signing out of an impersonation is the admin's act as much as any other in it: the event
  // names them (the Auth.js route checks no session before this, so the scope has not heard).
  const impersonatorId = (await sessionAssurance(sessionId))?.impersonatedById ?? null;
  await logOut({ userId, sessionId, via: "browser", impersonatorId });
  if (impersonatorId) await forgetKeptAdminSession();
}
