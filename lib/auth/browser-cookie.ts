import "server-only";
import { cookies } from "next/headers";
import { encode } from "next-auth/jwt";
import { config } from "@/lib/config/env";
import { BROWSER_SESSION_MAX_AGE } from "@/auth.config";
import { SESSION_COOKIE_NAMES } from "./session-cookie";

// Writes the browser's Auth.js session cookie for one of our server-side sessions, for the doors
// that do not go through Auth.js's own sign-in (an IdP's POST to the SSO endpoints, an admin's
// impersonation). The cookie carries what auth.config.ts puts in every one, the session id and the
// user id; every request still checks that session (lib/auth/browser-session.ts).

/** The cookie's name: the __Secure- one on https, as Auth.js names it. */
export async function sessionCookieName(): Promise<string> {
  const jar = await cookies();
  const present = SESSION_COOKIE_NAMES.find((name) => jar.has(name));
  return present ?? (config().appUrl.startsWith("https://") ? SESSION_COOKIE_NAMES[0] : SESSION_COOKIE_NAMES[1]);
}

export const cookieOptions = (name: string, maxAge: number) => ({
  httpOnly: true,
  sameSite: "lax" as const,
  secure: name.startsWith("__Secure-"),
  path: "/",
  maxAge,
});

/** The cookie's value: what auth.config.ts puts in every one, the session id and the user id, sealed as Auth.js seals it. */
const sealedSession = (name: string, input: { userId: string; sessionId: string }, maxAge: number) =>
  encode({ token: { uid: input.userId, sid: input.sessionId }, secret: config().authSecrets, salt: name, maxAge });

/** Sets the cookie from a server action (an admin's impersonation). */
export async function setBrowserSession(input: { userId: string; sessionId: string; maxAge?: number }): Promise<void> {
  const name = await sessionCookieName();
  const maxAge = input.maxAge ?? BROWSER_SESSION_MAX_AGE;
  (await cookies()).set(name, await sealedSession(name, input, maxAge), cookieOptions(name, maxAge));
}

/** The cookie's name when the request's own cookies are not at hand: by the deployment's scheme. */
const nameForAppUrl = () => (config().appUrl.startsWith("https://") ? SESSION_COOKIE_NAMES[0] : SESSION_COOKIE_NAMES[1]);

type SerializedCookieOptions = Omit<ReturnType<typeof cookieOptions>, "sameSite"> & { sameSite: "lax" | "none" };

export function serializeCookie(name: string, value: string, options: SerializedCookieOptions): string {
  return [
    `${name}=${value}`,
    `Path=${options.path}`,
    `Max-Age=${options.maxAge}`,
    "HttpOnly",
    options.sameSite === "none" ? "SameSite=None" : "SameSite=Lax",
    ...(options.secure ? ["Secure"] : []),
  ].join("; ");
}

/** The Set-Cookie header of a browser session, for a route handler's own response (the SSO endpoints). */
export async function browserSessionCookieHeader(input: { userId: string; sessionId: string }): Promise<string> {
  const name = nameForAppUrl();
  return serializeCookie(name, await sealedSession(name, input, BROWSER_SESSION_MAX_AGE), cookieOptions(name, BROWSER_SESSION_MAX_AGE));
}
