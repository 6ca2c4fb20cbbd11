import "server-only";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import * as z from "zod";
import { db } from "@/lib/db/client";
import { clientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { completeSignInWithPasskey, signInWithPasskey } from "@/lib/sign-in/doors/passkey";
import { mfaTokenSchema } from "@/lib/validation/mfa";
import { authenticationResponseSchema } from "@/lib/validation/passkeys";
import type { BrowserSessionUser } from "./browser-form";

// A browser sign-in with a passkey (Auth.js Credentials provider "passkey"): the assertion the
// page got from navigator.credentials.get(), alone (a full sign-in at aal2), or with the mfaToken
// of a sign-in waiting for its second step. The same modules as POST
// /api/auth/passkeys/authenticate/verify open the session, so the cookie carries one of ours.

const passkeyCredentials = z.object({
  // Auth.js hands credentials over as strings: the assertion arrives JSON-encoded.
  response: z
    .string()
    .max(200_000)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "not JSON" });
        return z.NEVER;
      }
    })
    .pipe(authenticationResponseSchema),
  mfaToken: mfaTokenSchema.optional(),
});

export async function signInWithPasskeyCredentials(credentials: unknown, request: Request): Promise<BrowserSessionUser> {
  const parsed = passkeyCredentials.safeParse(credentials);
  if (!parsed.success) throw new ApiError("invalid_credentials", "This passkey could not be verified.");
  const client = clientInfo(request);
  const response = parsed.data.response as AuthenticationResponseJSON;
  const done = parsed.data.mfaToken
    ? await completeSignInWithPasskey(parsed.data.mfaToken, response, client)
    : await signInWithPasskey(response, client);
  const user = await db().user.findUniqueOrThrow({ where: { id: done.userId }, select: { email: true } });
  return { id: done.userId, email: user.email, sid: done.sessionId };
}
