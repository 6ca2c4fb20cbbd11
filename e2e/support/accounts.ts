import { randomBytes } from "node:crypto";
import { codeIn, waitForEmail } from "./mail";

// Test data, and accounts made through the public API when a test is not about sign-up itself.

export const PASSWORD = "Lantern-Orbit-Harbor-58";
export const NEW_PASSWORD = "Quiet-Maple-Compass-73";

export const uniqueEmail = (tag: string) => `e2e-${tag}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}@example.com`;

const baseUrl = () => process.env.E2E_BASE_URL ?? "http://localhost:3210";

async function post(path: string, json: unknown) {
  const response = await fetch(`${baseUrl()}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(json),
  });
  const body = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(body)}`);
  return body as Record<string, unknown>;
}

export interface Account {
  email: string;
  password: string;
  name: string;
}

/** Registers and confirms an account through the API, reading the code from the mail stand-in. */
export async function confirmedAccount(tag: string, name = "Robin Example"): Promise<Account> {
  const email = uniqueEmail(tag);
  await post("/api/auth/register", { email, password: PASSWORD, name });
  const code = codeIn(await waitForEmail(email, /confirmation code/i));
  await post("/api/auth/confirm-account", { email, code });
  return { email, password: PASSWORD, name };
}

/** An access token for API calls made "from another device". */
export async function apiLogin(account: { email: string; password: string }): Promise<string> {
  const body = await post("/api/auth/login", { email: account.email, password: account.password });
  return body.access_token as string;
}

export async function apiCall(method: string, path: string, token: string, json?: unknown) {
  return fetch(`${baseUrl()}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(json === undefined ? {} : { "content-type": "application/json" }) },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
}
