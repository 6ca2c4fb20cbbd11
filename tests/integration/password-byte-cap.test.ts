// bcrypt reads only the first 72 bytes of a password (issue 12, item 7): a 96-character password
// and another sharing its first 72 characters both signed in. Passwords are now capped at 72
// UTF-8 bytes where they are set, and sign-in refuses longer ones, so no two passwords that
// bcrypt cannot tell apart are ever both accepted.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/passwords";
import { db } from "@/lib/db/client";
import { api, expectProblem } from "../support/api";
import { signUp, uniqueEmail } from "../support/accounts";

/** A strong password of exactly `bytes` ASCII bytes. */
const passwordOf = (bytes: number) => `Aa1-${randomBytes(64).toString("hex")}`.slice(0, bytes);
const login = (email: string, password: string) => api("POST", "/api/auth/login", { json: { email, password } });

describe("passwords longer than bcrypt reads", () => {
  it("are refused where a password is set, with a message that says bytes", async () => {
    const res = await api("POST", "/api/auth/register", {
      json: { email: uniqueEmail(), password: passwordOf(96), name: "Long Password" },
    });
    expectProblem(res, 422, "weak_password");
    expect(res.body.errors.password.join(" ")).toMatch(/at most 72 bytes/);

    const user = await signUp();
    const change = await api("POST", "/api/auth/change-password", {
      token: user.access,
      json: { currentPassword: user.password, newPassword: passwordOf(96) },
    });
    expect(change.status).toBe(422);
  });

  it("a 72-byte password works, and the same password with anything appended does not", async () => {
    const password = passwordOf(72);
    const user = await signUp({ password });
    expect((await login(user.email, password)).status).toBe(200);
    for (const longer of [`${password}x`, `${password}${passwordOf(24)}`]) {
      const res = await login(user.email, longer);
      expect(res.status, res.text).toBe(422);
      expect(res.body.errors.password.join(" ")).toMatch(/Forgot password/);
    }
    // A NUL at the end would be read as bcrypt's own terminator: refused as well.
    expect((await login(user.email, `${password.slice(0, 71)}\u0000`)).status).toBe(422);
    const recheck = await api("POST", "/api/auth/check-password", { token: user.access, json: { password: `${password}x` } });
    expect(recheck.status).toBe(422);
  });

  it("an account whose password was set longer before the cap is pointed to a reset, not signed in by a look-alike", async () => {
    const user = await signUp();
    const legacy = passwordOf(96);
    await db().user.update({ where: { id: user.userId }, data: { passwordHash: await hashPassword(legacy) } });
    const res = await login(user.email, legacy);
    expect(res.status).toBe(422);
    expect(res.body.errors.password.join(" ")).toMatch(/Forgot password/);
    // A different password sharing its first 72 bytes is refused the same way.
    expect((await login(user.email, `${legacy.slice(0, 72)}-other-ending`)).status).toBe(422);
  });
});
