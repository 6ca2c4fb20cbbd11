// What the scenarios sign in with: one account, its access token, an API key of its organization
// (creating one needs the step-up window, which re-checking the password opens) and a stock of
// refresh tokens.
import { options } from "./options";

export const PASSWORD = "Bench-Horse-Battery-42";

export interface Seed {
  email: string;
  access: string;
  apiKey: string;
  /** Live refresh tokens; the refresh scenario takes them and puts the rotated ones back. */
  refreshTokens: string[];
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, any>;
  if (!res.ok) throw new Error(`${url} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export async function seedAccounts(base: string): Promise<Seed> {
  const email = `bench-${Date.now()}@example.test`;
  const registered = await post(`${base}/api/auth/register`, { email, password: PASSWORD, name: "Bench" });
  const access = registered.access_token as string;
  const auth = { authorization: `Bearer ${access}` };
  await post(`${base}/api/auth/check-password`, { password: PASSWORD }, auth);
  const key = await post(`${base}/api/organizations/current/api-keys`, { name: "bench" }, auth);
  const refreshTokens: string[] = [];
  // Spare tokens: a request in flight when a run stops takes its token with it, so each run
  // (a warm-up and a measured run per pass) may lose one per connection.
  for (let i = 0; i < options.connections * (2 * options.passes + 2); i++) {
    refreshTokens.push((await post(`${base}/api/auth/login`, { email, password: PASSWORD })).refresh_token);
  }
  return { email, access, apiKey: key.key as string, refreshTokens };
}
