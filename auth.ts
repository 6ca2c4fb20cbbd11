import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { PrismaAdapter } from "@auth/prisma-adapter";
import { authConfig } from "./auth.config";
import { endBrowserSession, isSecondStep, signInWithPassword, signInWithSecondFactor } from "@/lib/auth/browser-sign-in";
import { allowOAuthSignIn, oauthProviders, oauthSecondStep, setUpOAuthUser, startOAuthSession } from "@/lib/auth/oauth";
import { SECOND_STEP_PAGE } from "@/lib/mfa/enrol-redirect";
import { setPendingSignIn } from "@/lib/mfa/pending-cookie";
import { clientInfo } from "@/lib/http/client-info";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/http/errors";
import { log } from "@/lib/log";

/** An authorize() refusal that keeps our error code and wording for the login form. */
export class LoginRefused extends CredentialsSignin {
  constructor(
    readonly apiCode: string,
    readonly detail: string,
    /** With mfa_required: the sign-in waiting for its second step (never put in a URL). */
    readonly mfaToken?: string,
  ) {
    super(detail);
    this.code = apiCode;
  }
}

// Lazy config: the database and secrets are only touched on the first request, never during
// `next build`.
export const { handlers, auth, signIn, signOut } = NextAuth((request) => ({
  ...authConfig,
  secret: config().AUTH_SECRET,
  adapter: PrismaAdapter(db() as never),
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      // The browser session IS one of our server-side sessions: same checks, limits and audit
      // trail as POST /api/auth/login. Two steps: {email, password}, which for an account with
      // a second factor opens no session but refuses with mfa_required and the mfaToken; then
      // {mfaToken, code | recoveryCode}, which finishes it at aal2.
      async authorize(credentials, request) {
        try {
          return isSecondStep(credentials) ? await signInWithSecondFactor(credentials, request) : await signInWithPassword(credentials, request);
        } catch (error) {
          if (error instanceof ApiError) {
            const mfaToken = error.code === "mfa_required" ? (error.options.extensions?.mfaToken as string | undefined) : undefined;
            throw new LoginRefused(error.code, error.message, mfaToken);
          }
          throw error;
        }
      },
    }),
    // GitHub and Google, when their client id and secret are set (lib/auth/oauth.ts).
    ...oauthProviders(),
  ],
  callbacks: {
    ...authConfig.callbacks,
    // OAuth: only a provider-verified address may sign in or link to an existing account, and
    // an account with a second factor gets no session (nor a new link) before its second step:
    // the pending sign-in goes into a short-lived HttpOnly cookie and the browser to that step.
    async signIn({ account, profile }) {
      if (!account || account.type === "credentials") return true;
      const allowed = await allowOAuthSignIn(profile);
      if (allowed !== true) return allowed;
      const mfaToken = await oauthSecondStep(account, profile, clientInfo(request ?? new Request("http://localhost")));
      if (!mfaToken) return true;
      await setPendingSignIn(mfaToken);
      return SECOND_STEP_PAGE;
    },
    async jwt(params) {
      const token = await authConfig.callbacks.jwt(params);
      const { account, user } = params;
      // An OAuth sign-in opens one of our server-side sessions, as a password sign-in does.
      if (account && account.type !== "credentials" && user?.id) {
        token.uid = user.id;
        token.sid = await startOAuthSession(user.id, account.provider, clientInfo(request ?? new Request("http://localhost")));
      }
      return token;
    },
  },
  events: {
    // A person new to us through OAuth: confirmed (the provider verified the address) and given
    // a default organization, like a sign-up.
    async createUser({ user }) {
      if (user.id) await setUpOAuthUser(user.id);
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
}));
