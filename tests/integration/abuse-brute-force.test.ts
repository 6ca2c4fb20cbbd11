// Guessing attacks: passwords per account and per client, and the resulting lockout, which must
// end on its own and must not tell whether a guess during it was right.
import { describe, expect, it } from "vitest";
import { api, expectProblem } from "../support/api";
import { LIMITS } from "@/lib/security/rate-limit";
import { PASSWORD, registerUser, signUp, uniqueEmail } from "../support/accounts";
import { codeIn, latestEmailTo } from "../support/mail";

// Addresses of this file's own (198.18.0.0/15): abuse-concurrent-guessing spends the allowances of
// a few 198.51.100.x addresses, and a random pick of one of those was refused before its turn.
const randomOctet = () => Math.floor(Math.random() * 256);
const login = (email: string, password: string, ip = `198.18.${randomOctet()}.${randomOctet()}`) =>
  api("POST", "/api/auth/login", { json: { email, password }, headers: { "x-forwarded-for": ip } });

describe("password guessing", () => {
  it("locks an account after 5 wrong passwords from any mix of addresses, even for the right one", async () => {
    const user = await signUp();
    for (let i = 0; i < 5; i++) expect((await login(user.email, `Wrong-Guess-${i}x`)).status).toBe(401);
    const locked = await login(user.email, PASSWORD);
    expectProblem(locked, 429, "rate_limited");
    const retryAfter = Number(locked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(300); // the short back-off: a lockout ends by itself
    // During the lockout a wrong guess looks exactly like the right one.
    const wrongDuringLock = await login(user.email, "Wrong-Guess-final");
    expect(wrongDuringLock.status).toBe(429);
    expect(wrongDuringLock.body.code).toBe(locked.body.code);
  });

  it("locks unknown addresses the same way, so a lockout reveals nothing about who is registered", async () => {
    const email = uniqueEmail("ghost");
    for (let i = 0; i < 5; i++) expect((await login(email, `Wrong-Guess-${i}x`)).status).toBe(401);
    expect((await login(email, "Wrong-Guess-6x")).status).toBe(429);
  });

  it("limits wrong passwords per client address across accounts", async () => {
    const ip = "203.0.113.77";
    let last = 0;
    for (let i = 0; i < 51; i++) last = (await login(uniqueEmail("spray"), "Wrong-Guess-1x", ip)).status;
    expect(last).toBe(429);
    // Another address is unaffected.
    expect((await login(uniqueEmail("spray"), "Wrong-Guess-1x", "203.0.113.78")).status).toBe(401);
  });

  it("does not count successful sign-ins against the client", async () => {
    const user = await signUp();
    for (let i = 0; i < 8; i++) expect((await login(user.email, PASSWORD, "192.0.2.10")).status).toBe(200);
  });
});

describe("code guessing", () => {
  it("limits confirmation attempts per client address", async () => {
    const ip = "203.0.113.90";
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await api("POST", "/api/auth/confirm-account", {
        json: { email: uniqueEmail("code"), code: "123456" },
        headers: { "x-forwarded-for": ip },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it("does not count successful confirmations: a whole office can confirm from one address", async () => {
    const ip = "203.0.113.91";
    for (let i = 0; i <= LIMITS.confirmPerClient.points; i++) {
      const { email } = await registerUser();
      const code = codeIn(await latestEmailTo(email));
      const res = await api("POST", "/api/auth/confirm-account", { json: { email, code }, headers: { "x-forwarded-for": ip } });
      expect(res.status, `confirmation ${i + 1}`).toBe(200);
    }
  });
});
