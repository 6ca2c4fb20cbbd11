// Issue 12 item 4: no redirect that takes its target from the request leaves the site, even
// when the target hides a second slash behind a tab or a newline that URL parsers strip.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as sessionEnded } from "@/app/session-ended/route";
import { config } from "@/lib/config/env";
import { proxy } from "@/proxy";
import { api } from "../support/api";
import { authCallback, cookiesFrom } from "../support/auth-callback";
import { PASSWORD, signUp } from "../support/accounts";

const TRICKS = [
  "/%09/evil.example",
  "/%0A/evil.example/x",
  "%2F%09%2Fevil.example%2Fphish",
  "/%0D/evil.example",
  "/.//evil.example",
  "%09//evil.example",
];

async function browserCookie(email: string) {
  const { res, csrfCookies, setCookies } = await authCallback("credentials", { email, password: PASSWORD });
  return { res, cookie: [...csrfCookies, ...setCookies].join("; ") };
}

const locationOf = (res: Response) => new URL(res.headers.get("location")!, "http://unused.invalid");
const appOrigin = () => new URL(config().appUrl).origin;

describe("redirects that take a target from the request", () => {
  it("the proxy sends a signed-in visitor of /login only to a path on this site", () => {
    for (const trick of TRICKS) {
      const res = proxy(
        new NextRequest(`http://localhost:3000/login?callbackUrl=${trick}`, { headers: { cookie: "authjs.session-token=x" } }),
      );
      expect(res.status).toBe(307);
      expect(locationOf(res).origin, trick).toBe("http://localhost:3000");
      expect(locationOf(res).pathname, trick).toBe("/profile");
    }
  });

  it("/session-ended with a live session goes on to a path on this site only", async () => {
    const user = await signUp();
    const { cookie } = await browserCookie(user.email);
    expect((await api("GET", "/api/auth/profile", { headers: { cookie } })).status).toBe(200);
    for (const trick of TRICKS) {
      const res = await sessionEnded(new NextRequest(`http://localhost:3000/session-ended?callbackUrl=${trick}`, { headers: { cookie } }));
      expect(locationOf(res).origin, trick).toBe(appOrigin());
      expect(locationOf(res).pathname, trick).toBe("/profile");
    }
    const fine = await sessionEnded(
      new NextRequest("http://localhost:3000/session-ended?callbackUrl=%2Forganizations%3Fx%3D1", { headers: { cookie } }),
    );
    expect(locationOf(fine).href).toBe(`${appOrigin()}/organizations?x=1`);
  });

  it("/session-ended without a session passes on only a checked target to the sign-in page", async () => {
    for (const trick of TRICKS) {
      const res = await sessionEnded(new NextRequest(`http://localhost:3000/session-ended?callbackUrl=${trick}`));
      const location = locationOf(res);
      expect(location.origin).toBe(appOrigin());
      expect(location.pathname).toBe("/login");
      expect(location.searchParams.get("callbackUrl"), trick).toBe("/profile");
    }
  });

  it("Auth.js's own sign-in redirect stays on this site", async () => {
    const user = await signUp();
    const csrf = await api("GET", "/api/auth/csrf");
    for (const callbackUrl of ["/\t/evil.example/phish", "https://evil.example/", "/\n/evil.example"]) {
      const res = await api("POST", "/api/auth/callback/credentials", {
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiesFrom(csrf).join("; ") },
        body: new URLSearchParams({ email: user.email, password: PASSWORD, csrfToken: csrf.body.csrfToken, callbackUrl }).toString(),
      });
      expect(res.status, res.text).toBeGreaterThanOrEqual(300);
      const location = new URL(res.headers.get("location")!);
      expect(location.host, JSON.stringify(callbackUrl)).toBe(new URL(config().appUrl).host);
      expect(location.pathname.startsWith("//"), JSON.stringify(callbackUrl)).toBe(false);
    }
  });
});
