import type { NextAuthConfig } from "next-auth";
import { sameOriginPath } from "@/lib/auth/callback-url";

// The part of the Auth.js setup that needs no database: cookie/JWT settings and the claims we
// carry. auth.ts adds the Credentials provider and the Prisma adapter on top.

/** Matches the lifetime of our server-side sessions (REFRESH_TOKEN_TTL_SECONDS default, 7 days). */
export const BROWSER_SESSION_MAX_AGE = 7 * 24 * 60 * 60;

export const authConfig = {
  pages: { signIn: "/login", error: "/login" },
  session: { strategy: "jwt", maxAge: BROWSER_SESSION_MAX_AGE },
  trustHost: true,
  providers: [],
  callbacks: {
    // Auth.js's own redirects (callbackUrl parameter or cookie, signIn/signOut redirectTo) pass the
    // same check as ours: a path on this origin, else the home page.
    redirect({ url, baseUrl }) {
      return `${baseUrl}${sameOriginPath(url, baseUrl) ?? "/"}`;
    },
    // The JWT carries only our session id and user id: everything else (active organization,
    // revocation, step-up) is read from the server-side session on each request.
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sid = (user as { sid?: string }).sid;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, sid: token.sid as string | undefined, userId: token.uid as string | undefined };
    },
  },
} satisfies NextAuthConfig;
