// A browser's form post to one of Auth.js's Credentials providers ("credentials": password or
// second step; "passkey"), through the real Auth.js routes: the CSRF cookie and token first, then
// the callback with them, as the login pages' forms send it.
import { expect } from "vitest";
import { api, type ApiResponse } from "./api";

/** The name=value pairs a response sets (deletions left out), as a browser sends them back. */
export const cookiesFrom = (res: ApiResponse) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .filter((c) => !c.endsWith("="));

export async function authCallback(provider: "credentials" | "passkey", fields: Record<string, string>) {
  const csrf = await api("GET", "/api/auth/csrf");
  expect(csrf.status).toBe(200);
  const csrfCookies = cookiesFrom(csrf);
  const csrfToken = csrf.body.csrfToken as string;
  const res = await api("POST", `/api/auth/callback/${provider}`, {
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookies.join("; ") },
    body: new URLSearchParams({ ...fields, csrfToken, callbackUrl: "/profile" }).toString(),
  });
  const setCookies = cookiesFrom(res);
  const session = setCookies.filter((c) => c.startsWith("authjs.session-token"));
  return {
    res,
    csrfToken,
    csrfCookies,
    /** Every cookie the callback set (the session's and Auth.js's own, such as its callback URL). */
    setCookies,
    /** The session cookie alone ("" when none was set). */
    sessionCookie: session.join("; "),
    /** What the browser holds afterwards: the CSRF cookies and the session cookie. */
    cookie: [...csrfCookies, ...session].join("; "),
    hasSession: session.length > 0,
  };
}
