// What the scenarios sign in with: one account, its access token, an API key of its organization
// (creating one needs the step-up window, which re-checking the password opens) and a stock of
// refresh tokens. The webhook scenarios get organizations of their own, so that their members and
// endpoints change nothing the other scenarios read: one without endpoints and one with
// OUTBOX_ENDPOINTS (the outbox's cost, paired), each with a member per connection to flip, one with
// a single endpoint (the emit statement's cost per endpoint), and one with DISPATCH_ENDPOINTS for
// the dispatcher's throughput.
import type { BenchDatabase } from "./database";
import { options } from "./options";
import type { BenchReceiver } from "./receiver";

export const PASSWORD = "Bench-Horse-Battery-42";

/** Endpoints subscribed in the organization whose changes write the outbox. */
export const OUTBOX_ENDPOINTS = 10;
/** Endpoints the dispatcher scenario delivers to (issue 25: "at 10 endpoints"). */
export const DISPATCH_ENDPOINTS = 10;

export type Role = "member" | "admin";

/** An account, the organization it signed up with, and what the webhook scenarios need of it. */
export interface OrgSeed {
  email: string;
  userId: string;
  organizationId: string;
  access: string;
  /** Members besides the owner (one per connection); `roles` holds what each is now. */
  members: string[];
  roles: Role[];
  endpointIds: string[];
  /** The receiver's path of each endpoint. */
  paths: string[];
}

export interface Seed {
  email: string;
  access: string;
  apiKey: string;
  /** Live refresh tokens; the refresh scenario takes them and puts the rotated ones back. */
  refreshTokens: string[];
}

export interface WebhookSeed {
  /** No webhook endpoint: its changes write the audit row only. */
  plain: OrgSeed;
  /** OUTBOX_ENDPOINTS endpoints subscribed to every event: its changes write the outbox too. */
  hooked: OrgSeed;
  /** One endpoint, for the emit statement's cost per endpoint (no change is ever committed there). */
  one: OrgSeed;
  /** DISPATCH_ENDPOINTS endpoints, and no traffic but the dispatcher scenario's backlog. */
  dispatch: OrgSeed;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, any>;
  if (!res.ok) throw new Error(`${url} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * How many refresh tokens (each the head of its own rotation chain) a rotation scenario is seeded
 * with: a request in flight when a run stops takes its token with it, so each run (a warm-up and a
 * measured run per pass, and the profile's) may lose one per connection.
 */
export const rotationChains = () => options.connections * (2 * options.passes + 2);

let accounts = 0;
/** A new account (its organization with it), as POST /api/auth/register answers, with its address. */
export async function register(base: string, label: string): Promise<Record<string, any>> {
  const email = `bench-${label}-${Date.now()}-${accounts++}@example.test`;
  return { email, ...(await post(`${base}/api/auth/register`, { email, password: PASSWORD, name: "Bench" })) };
}

export async function seedAccounts(base: string): Promise<Seed> {
  const email = `bench-${Date.now()}@example.test`;
  const registered = await post(`${base}/api/auth/register`, { email, password: PASSWORD, name: "Bench" });
  const access = registered.access_token as string;
  const auth = { authorization: `Bearer ${access}` };
  await post(`${base}/api/auth/check-password`, { password: PASSWORD }, auth);
  const key = await post(`${base}/api/organizations/current/api-keys`, { name: "bench" }, auth);
  const refreshTokens: string[] = [];
  for (let i = 0; i < rotationChains(); i++) {
    refreshTokens.push((await post(`${base}/api/auth/login`, { email, password: PASSWORD })).refresh_token);
  }
  return { email, access, apiKey: key.key as string, refreshTokens };
}

export async function seedWebhookOrganizations(base: string, receiver: BenchReceiver, db: BenchDatabase): Promise<WebhookSeed> {
  // The members are the same people in both member-change organizations.
  const members = await Promise.all(Array.from({ length: options.connections }, () => register(base, "member")));
  const memberIds = members.map((m) => m.user.id as string);
  const organization = async (label: string, endpoints: number): Promise<OrgSeed> => {
    const owner = await register(base, label);
    const organizationId = owner.organization.id as string;
    const seed: OrgSeed = {
      email: owner.email,
      userId: owner.user.id,
      organizationId,
      access: owner.access_token,
      members: [],
      roles: [],
      endpointIds: [],
      paths: [],
    };
    for (let i = 0; i < endpoints; i++) {
      const path = `/${label}/${i}`;
      const hook = await post(
        `${base}/api/organizations/${organizationId}/webhooks`,
        { url: `${receiver.url}${path}`, events: ["*"] },
        { authorization: `Bearer ${seed.access}` },
      );
      receiver.setSecret(path, hook.secret);
      seed.endpointIds.push(hook.id);
      seed.paths.push(path);
    }
    return seed;
  };
  const plain = await organization("plain", 0);
  const hooked = await organization("hooked", OUTBOX_ENDPOINTS);
  for (const org of [plain, hooked]) {
    await db.addMembers(org.organizationId, memberIds);
    org.members = memberIds;
    org.roles = memberIds.map(() => "member");
  }
  const one = await organization("one", 1);
  const dispatch = await organization("dispatch", DISPATCH_ENDPOINTS);
  // Each endpoint created was an event for the ones before it: let those go out first.
  await db.waitForEmptyOutbox(60_000);
  return { plain, hooked, one, dispatch };
}
