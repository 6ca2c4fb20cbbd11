import { describe, expect, it } from "vitest";
import { api, expectProblem } from "../support/api";
import { authCallback } from "../support/auth-callback";
import { PASSWORD, signUp } from "../support/accounts";

// The Auth.js browser session, driven through the real Auth.js routes: it must BE one of our
// server-side sessions, accepted by every route handler, and end the moment that session ends.

const browserSignIn = (email: string, password: string) => authCallback("credentials", { email, password });

describe("browser session (Auth.js cookie)", () => {
  it("is one of the account's sessions and authenticates API calls like a Bearer token", async () => {
    const user = await signUp();
    const browser = await browserSignIn(user.email, PASSWORD);
    expect(browser.hasSession).toBe(true);

    const profile = await api("GET", "/api/auth/profile", { headers: { cookie: browser.cookie } });
    expect(profile.status).toBe(200);
    expect(profile.body.email).toBe(user.email);

    const sessions = await api("GET", "/api/auth/sessions", { headers: { cookie: browser.cookie } });
    expect(sessions.status).toBe(200);
    expect(sessions.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(sessions.body.items).toHaveLength(2);
  });

  it("ends at once when another device revokes it", async () => {
    const user = await signUp();
    const browser = await browserSignIn(user.email, PASSWORD);
    const mine = await api("GET", "/api/auth/sessions", { headers: { cookie: browser.cookie } });
    const sid = mine.body.items.find((s: { current: boolean }) => s.current).id;

    expect((await api("DELETE", `/api/auth/sessions/${sid}`, { token: user.access })).status).toBe(204);
    const after = await api("GET", "/api/auth/profile", { headers: { cookie: browser.cookie } });
    expect(after.status).toBe(401);
    expect(after.headers.get("content-type")).toContain("application/problem+json");
  });

  it("ends when the password is reset or changed elsewhere", async () => {
    const user = await signUp();
    const browser = await browserSignIn(user.email, PASSWORD);
    const changed = await api("POST", "/api/auth/change-password", {
      token: user.access,
      json: { currentPassword: PASSWORD, newPassword: "Another-Horse-77-Lamp" },
    });
    expect(changed.status, changed.text).toBe(200);
    expect((await api("GET", "/api/auth/profile", { headers: { cookie: browser.cookie } })).status).toBe(401);
  });

  it("signing out through Auth.js revokes the server-side session too", async () => {
    const user = await signUp();
    const browser = await browserSignIn(user.email, PASSWORD);
    const out = await api("POST", "/api/auth/signout", {
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: browser.cookie },
      body: new URLSearchParams({ csrfToken: browser.csrfToken, callbackUrl: "/login" }).toString(),
    });
    expect(out.status).toBeLessThan(400);
    // Replaying the old cookie (as a thief who copied it would) gets nothing.
    expect((await api("GET", "/api/auth/profile", { headers: { cookie: browser.cookie } })).status).toBe(401);
    const sessions = await api("GET", "/api/auth/sessions", { token: user.access });
    expect(sessions.body.items).toHaveLength(1);
  });

  it("a wrong password starts no session and says only that the credentials are wrong", async () => {
    const user = await signUp();
    const browser = await browserSignIn(user.email, "Wrong-Password-1");
    expect(browser.hasSession).toBe(false);
    const location = browser.res.headers.get("location") ?? "";
    expect(location).toContain("/login");
    expect(location).toContain("code=invalid_credentials");
    expect(location).not.toContain("Wrong-Password-1");
  });

  it("a forged or foreign cookie is no credential", async () => {
    const forged = await api("GET", "/api/auth/profile", { headers: { cookie: "authjs.session-token=not-a-jwt" } });
    expectProblem(forged, 401, "unauthorized");
  });

  it("unknown /api/auth paths answer 404 problem+json, not Auth.js's page", async () => {
    for (const method of ["GET", "POST"]) {
      const res = await api(method, "/api/auth/no-such-endpoint");
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body.code).toBe("not_found");
    }
  });
});
