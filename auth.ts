import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { PrismaAdapter } from "@auth/prisma-adapter";
import { authConfig } from "./auth.config";
import { endBrowserSession, signInWithPassword } from "@/lib/auth/browser-sign-in";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/http/errors";
import { log } from "@/lib/log";

/** An authorize() refusal that keeps our error code and wording for the login form. */
export class LoginRefused extends CredentialsSignin {
  constructor(
    readonly apiCode: string,
    readonly detail: string,
  ) {
    super(detail);
    this.code = apiCode;
  }
}

// Lazy config: the database and secrets are only touched on the first request, never during
// `next build`.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  secret: config().AUTH_SECRET,
  adapter: PrismaAdapter(db() as never),
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      // The browser session IS one of our server-side sessions: same checks, limits and audit
      // trail as POST /api/auth/login.
      async authorize(credentials, request) {
        try {
          return await signInWithPassword(credentials, request);
        } catch (error) {
          if (error instanceof ApiError) throw new LoginRefused(error.code, error.message);
          throw error;
        }
      },
    }),
  ],
  events: {
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
