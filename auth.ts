import NextAuth, { CredentialsSignin } from "next-auth";
import { decode as decodeAuthJsToken } from "next-auth/jwt";
import Credentials from "next-auth/providers/credentials";
import { PrismaAdapter } from "@auth/prisma-adapter";
import { authConfig } from "./auth.config";
import { endBrowserSession, isSecondStep, signInWithPassword, signInWithSecondFactor } from "@/lib/sign-in/doors/browser-form";
import { signInWithPasskeyCredentials } from "@/lib/sign-in/doors/browser-passkey";
import { recordEmailLink } from "@/lib/auth/linked-accounts";
import {
  decideOAuthSignIn,
  oauthProviders,
  oauthSecondStep,
  providerAccountLabel,
  setUpOAuthUser,
  startOAuthSession,
} from "@/lib/sign-in/doors/oauth";
import { SECOND_STEP_PAGE } from "@/lib/mfa/enrol-redirect";
import { setPendingSignIn } from "@/lib/sign-in/pending-cookie";
import { clientInfo } from "@/lib/http/client-info";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { ApiError } from "@/lib/http/errors";
import { log } from "@/lib/log";

/** An authorize() refusal that keeps our error code and wording for the login form. */
export class LoginRefused extends CredentialsSignin {
  constructor(
    readonly apiCode: string,
    readonly detail: string,
    /** With mfa_required: the sign-in waiting for its second step (never put in a URL). */
    readonly mfaToken?: string,
    /** With sso_required: where the person signs in instead (the organization's /sso start). */
    readonly ssoUrl?: string,
  ) {
    super(detail);
    this.code = apiCode;
  }
}

/** A refused passkey sign-in as the form's answer (a database outage never blames the passkey). */
function passkeyRefusal(error: unknown): unknown {
  if (error instanceof ApiError) return new LoginRefused(error.code, error.message);
  if (isDatabaseUnavailable(error))
    return new LoginRefused("service_unavailable", "The service is temporarily unavailable. Please try again in a moment.");
  return error;
}

// Lazy config: the database and secrets are only touched on the first request, never during
// `next build`. It is built per request, so the callbacks below can share what they learnt.
export const { handlers, auth, signIn, signOut } = NextAuth((request) => {
  const incoming = request ?? new Request("http://localhost");
  /** Set when this OAuth callback linked the provider to the live session that asked for it. */
  let linkedSessionId: string | undefined;
  /** Set when this OAuth callback created the user (its first link is no news to anyone). */
  let createdUserId: string | undefined;
  const adapter = PrismaAdapter(db() as never);
  return {
    ...authConfig,
    // AUTH_SECRET encrypts new cookies; AUTH_PREVIOUS_SECRETS still decrypt older ones (Auth.js
    // takes an array: the first encrypts, each is tried to decrypt), which are re-issued under the first.
    secret: config().authSecrets,
    adapter: {
      ...adapter,
      // A person new to us through OAuth: confirmed (the provider verified the address) and given
      // a default organization, like a sign-up. Done here rather than in the createUser event,
      // which Auth.js also fires for an existing account it links by address.
      async createUser(data) {
        const user = await adapter.createUser!(data);
        createdUserId = user.id;
        await setUpOAuthUser(user.id);
        return user;
      },
    },
    jwt: {
      // Auth.js links a new OAuth account to whoever the cookie's `sub` names, without asking
      // whether our session behind the cookie is still alive (a cookie from before "log out
      // everywhere" would do). Without `sub` it never links on its own: linking is decided in
      // decideOAuthSignIn. Dropped on reading, so cookies issued before this change lose it too.
      async decode(params) {
        const token = await decodeAuthJsToken(params);
        if (token) delete token.sub;
        return token;
      },
    },
    providers: [
      Credentials({
        credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
        // The browser session IS one of our server-side sessions: same checks, limits and audit
        // trail as POST /api/auth/login. Two steps: {email, password}, which for an account with
        // a second factor opens no session but refuses with mfa_required and the mfaToken; then
        // {mfaToken, code | recoveryCode}, which finishes it at aal2.
        async authorize(credentials, request) {
          try {
            return isSecondStep(credentials)
              ? await signInWithSecondFactor(credentials, request)
              : await signInWithPassword(credentials, request);
          } catch (error) {
            if (error instanceof ApiError) {
              const mfaToken = error.code === "mfa_required" ? (error.options.extensions?.mfaToken as string | undefined) : undefined;
              const ssoUrl = error.code === "sso_required" ? (error.options.extensions?.ssoUrl as string | undefined) : undefined;
              throw new LoginRefused(error.code, error.message, mfaToken, ssoUrl);
            }
            // Auth.js reports any other failure as "wrong email or password": a database outage
            // must not blame the person's credentials.
            if (isDatabaseUnavailable(error)) {
              log.warn("database unavailable", { error });
              throw new LoginRefused("service_unavailable", "The service is temporarily unavailable. Please try again in a moment.");
            }
            throw error;
          }
        },
      }),
      // A passkey assertion, alone or as the second step of a sign-in (lib/auth/browser-passkey.ts).
      Credentials({
        id: "passkey",
        name: "Passkey",
        credentials: { response: {}, mfaToken: {} },
        async authorize(credentials, request) {
          try {
            return await signInWithPasskeyCredentials(credentials, request);
          } catch (error) {
            throw passkeyRefusal(error);
          }
        },
      }),
      // GitHub and Google, when their client id and secret are set (lib/auth/oauth.ts).
      ...oauthProviders(),
    ],
    callbacks: {
      ...authConfig.callbacks,
      // OAuth: what may be linked or signed in to is decided in lib/auth/oauth.ts.
      async signIn({ account, profile }) {
        if (!account || account.type === "credentials") return true;
        const decision = await decideOAuthSignIn(
          { provider: account.provider, providerAccountId: account.providerAccountId, type: account.type, profile },
          incoming,
        );
        if (!decision.allow) return decision.redirect;
        linkedSessionId = decision.linkedSessionId;
        if (linkedSessionId) return true; // a link from a live, stepped-up session: no new session
        // An account with a second factor gets no session (nor a new link) before its second step:
        // the pending sign-in goes into a short-lived HttpOnly cookie and the browser to that step.
        const mfaToken = await oauthSecondStep(account, profile, clientInfo(incoming));
        if (!mfaToken) return true;
        await setPendingSignIn(mfaToken);
        return SECOND_STEP_PAGE;
      },
      async jwt(params) {
        const token = await authConfig.callbacks.jwt(params);
        delete token.sub;
        const { account, user } = params;
        // An OAuth sign-in opens one of our server-side sessions, as a password sign-in does; a
        // link made from the profile stays in the session that asked for it.
        if (account && account.type !== "credentials" && user?.id) {
          token.uid = user.id;
          token.sid = linkedSessionId ?? (await startOAuthSession(user.id, account.provider, clientInfo(incoming)));
        }
        return token;
      },
    },
    events: {
      // Auth.js linked a provider by its verified address to an existing account: tell the owner.
      async linkAccount({ user, account, profile }) {
        if (user.id && user.id !== createdUserId) {
          await recordEmailLink(
            user.id,
            account.provider,
            clientInfo(incoming),
            providerAccountLabel(profile as { email?: string | null }),
          );
        }
      },
      // Signing out ends our session too, so the cookie's sid is dead everywhere at once.
      async signOut(message) {
        if ("token" in message && message.token?.sid) await endBrowserSession(String(message.token.sid), String(message.token.uid ?? ""));
      },
    },
    logger: {
      error(error) {
        // A refused sign-in is an expected outcome, not a server error.
        if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
        log.error("authjs_error", { name: error.name, message: error.message });
      },
      warn() {},
    },
  };
});
