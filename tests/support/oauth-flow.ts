// Drives a browser's OAuth sign-in through the real Auth.js routes and a real provider stand-in
// (GitHub's, over HTTP): sign-in POST → the provider's authorize endpoint → Auth.js's callback.
// A Jar plays the browser's cookie store, so a test can hold a stale cookie the way a laptop does.
import { expect } from "vitest";
import { Jar } from "../../scripts/lib/cookie-jar";
import { api } from "./api";

export { Jar };

const form = (jar: Jar) => ({ "content-type": "application/x-www-form-urlencoded", cookie: jar.header() });

/** Signs in with email and password through Auth.js's credentials callback (the login form's path). */
export async function passwordSignIn(jar: Jar, email: string, password: string) {
  const csrf = await api("GET", "/api/auth/csrf", { headers: { cookie: jar.header() } });
  jar.take(csrf);
  const res = await api("POST", "/api/auth/callback/credentials", {
    headers: form(jar),
    body: new URLSearchParams({ email, password, csrfToken: csrf.body.csrfToken, callbackUrl: "/profile" }).toString(),
  });
  jar.take(res);
  expect(jar.hasSession(), res.headers.get("location") ?? "").toBe(true);
  return jar;
}

/**
 * "Continue with <provider>" as whoever the stand-in currently says: the whole authorization-code
 * flow. Answers where the browser ends up (the callback's redirect).
 */
export async function continueWith(provider: string, jar: Jar, callbackUrl = "/profile"): Promise<{ location: string }> {
  const csrf = await api("GET", "/api/auth/csrf", { headers: { cookie: jar.header() } });
  jar.take(csrf);
  const start = await api("POST", `/api/auth/signin/${provider}`, {
    headers: form(jar),
    body: new URLSearchParams({ csrfToken: csrf.body.csrfToken, callbackUrl }).toString(),
  });
  jar.take(start);
  const authorizeUrl = start.headers.get("location") ?? "";
  expect(start.status, start.text).toBe(302);
  const authorized = await fetch(authorizeUrl, { redirect: "manual" });
  const back = new URL(authorized.headers.get("location") ?? "");
  expect(back.pathname).toBe(`/api/auth/callback/${provider}`);
  const callback = await api("GET", `${back.pathname}${back.search}`, { headers: { cookie: jar.header() } });
  jar.take(callback);
  return { location: callback.headers.get("location") ?? "" };
}

/** Who the jar's session cookie signs in as (null when it does not authenticate). */
export async function whoAmI(jar: Jar): Promise<{ id: string; email: string } | null> {
  const res = await api("GET", "/api/auth/profile", { headers: { cookie: jar.header() } });
  return res.status === 200 ? { id: res.body.id, email: res.body.email } : null;
}
