import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { launchApp, type RunningApp } from "../scripts/lib/launch-app";
import { confirmedAccount } from "./support/accounts";
import { e2eAppEnv } from "./support/app-env";

// Two app instances over one database, as on Vercel: a session revoked through one is refused by
// the other at once, and a rate limit counted on one holds on the other. The second instance is
// the same launcher pointed at the first one's PostgreSQL (so it starts no database of its own).

const A = process.env.E2E_BASE_URL!;
const B_PORT = Number(process.env.E2E_SECOND_PORT ?? 3211);
const B = `http://localhost:${B_PORT}`;
let second: RunningApp | undefined;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const dataDir = process.env.E2E_DATA_DIR!;
  const secrets = JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as Record<string, string>;
  second = await launchApp(
    {
      port: B_PORT,
      dataDir: path.join(dataDir, "second-instance"),
      database: { url: `postgresql://postgres:postgres@127.0.0.1:${process.env.E2E_PG_PORT ?? 55510}/app` },
      // One public URL in front of both instances: the same token issuer.
      env: { ...secrets, ...e2eAppEnv(), APP_URL: A },
    },
    { output: "ignore", readyWithinMs: 100_000 },
  );
});

test.afterAll(async () => {
  await second?.stop();
});

const json = (body: unknown) => ({ headers: { "content-type": "application/json" }, data: body });

test("a session revoked through one instance is refused by the other at once", async ({ request }) => {
  const account = await confirmedAccount("two-instances");
  const login = await request.post(`${A}/api/auth/login`, json({ email: account.email, password: account.password }));
  expect(login.status()).toBe(200);
  const { access_token: access } = (await login.json()) as { access_token: string };
  const auth = { headers: { authorization: `Bearer ${access}` } };

  expect((await request.get(`${B}/api/auth/profile`, auth)).status()).toBe(200);
  expect((await request.post(`${A}/api/auth/logout`, auth)).status()).toBe(204);
  const refused = await request.get(`${B}/api/auth/profile`, auth);
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toBe("application/problem+json");
});

test("a rate limit counted on one instance holds on the other", async ({ request }) => {
  const account = await confirmedAccount("two-instances-limit");
  for (let i = 0; i < 5; i++) {
    const wrong = await request.post(`${i % 2 ? A : B}/api/auth/login`, json({ email: account.email, password: `Wrong-Guess-${i}x` }));
    expect(wrong.status()).toBe(401);
  }
  for (const instance of [A, B]) {
    const locked = await request.post(`${instance}/api/auth/login`, json({ email: account.email, password: account.password }));
    expect(locked.status()).toBe(429);
    expect(locked.headers()["retry-after"]).toBeTruthy();
  }
});
