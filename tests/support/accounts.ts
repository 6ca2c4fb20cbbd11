import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { api } from "./api";
import { codeIn, latestEmailTo } from "./mail";

export const PASSWORD = "Correct-Horse-42";
export const uniqueEmail = (label = "user") => `${label}-${randomUUID().slice(0, 8)}@example.test`;

export interface SignedIn {
  email: string;
  password: string;
  userId: string;
  organizationId: string;
  access: string;
  refresh: string;
  body: any;
}

export async function registerUser(overrides: Record<string, unknown> = {}) {
  const email = (overrides.email as string) ?? uniqueEmail();
  const res = await api("POST", "/api/auth/register", { json: { email, password: PASSWORD, name: "Test User", ...overrides } });
  expect(res.status, res.text).toBe(201);
  return { email, res };
}

/** Registers, confirms with the emailed code and returns the resulting tokens. */
export async function signUp(overrides: Record<string, unknown> = {}): Promise<SignedIn> {
  const { email } = await registerUser(overrides);
  const code = codeIn(await latestEmailTo(email));
  const res = await api("POST", "/api/auth/confirm-account", { json: { email, code } });
  expect(res.status, res.text).toBe(200);
  return fromTokenResponse(email, (overrides.password as string) ?? PASSWORD, res.body);
}

export async function signIn(email: string, password = PASSWORD): Promise<SignedIn> {
  const res = await api("POST", "/api/auth/login", { json: { email, password } });
  expect(res.status, res.text).toBe(200);
  return fromTokenResponse(email, password, res.body);
}

export const fromTokenResponse = (email: string, password: string, body: any): SignedIn => ({
  email,
  password,
  userId: body.user.id,
  organizationId: body.organization?.id,
  access: body.access_token,
  refresh: body.refresh_token,
  body,
});
