import "server-only";
import type { IncomingMessage } from "node:http";
import { interactionPolicy, type KoaContextWithOIDC } from "oidc-provider";
import { liveBrowserSession } from "@/lib/auth/browser-session";
import type { Principal } from "@/lib/auth/principal";
import { config } from "@/lib/config/env";
import { ApiError } from "@/lib/http/errors";
import { requireMembership } from "@/lib/organizations/context";
import { hasWord } from "./params";

// The provider's own session is never more than a mirror of ours (docs/openid-provider.md).
// oidc-provider remembers who signed in with a cookie of its own; left alone, that memory would
// outlive a sign-out, a revocation from another device, a password or factor change, a disabled
// account. So every authorization request first reads this browser's Auth.js session (the same
// per-request check as every page) and makes the provider's session say exactly that: the same
// person, signed in at the same instant, at the same assurance level; or nobody, and then the
// login prompt runs through our /login (or answers login_required to prompt=none, which is all
// it learns). Policies the provider knows nothing about are checks of the same prompt:
// acr_values=aal2 and the active organization's rules when the `organization` scope is asked.

export type BrowserPrincipal = Extract<Principal, { kind: "user" }>;

/** A Fetch Request with a Node request's headers, for the checks written against Request. */
export function fetchRequestOf(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  return new Request(new URL(req.url ?? "/", config().appUrl), { headers });
}

/**
 * The provider builds every URL it answers with (discovery's endpoints, redirects) from the
 * request's host and scheme. They are pinned to APP_URL here, so no Host or X-Forwarded-Host /
 * X-Forwarded-Proto header (a cache in front could keep the answer) can point clients elsewhere.
 * X-Forwarded-For stays: the launcher or the platform sets it (the client-address rule).
 */
export function pinToAppUrl(req: IncomingMessage): void {
  const app = new URL(config().appUrl);
  req.headers.host = app.host;
  req.headers["x-forwarded-host"] = app.host;
  req.headers["x-forwarded-proto"] = app.protocol.replace(":", "");
}

const seconds = (at: Date) => Math.floor(at.getTime() / 1000);

/** What the provider's login result and its session say for this browser session. */
export const loginOf = (live: BrowserPrincipal) => ({
  accountId: live.userId,
  acr: live.aal,
  amr: undefined as string[] | undefined,
  ts: seconds(live.signedInAt ?? new Date()),
});

type ProviderSession = KoaContextWithOIDC["oidc"]["session"] & Record<string, unknown>;

/** The provider's session made to say `live` (another person: what it remembered is dropped). */
function mirror(session: ProviderSession, live: BrowserPrincipal): void {
  const login = loginOf(live);
  if (session.accountId === login.accountId && session.loginTs === login.ts && session.acr === login.acr) return;
  if (session.accountId && session.accountId !== login.accountId) forget(session);
  session.loginAccount({ accountId: login.accountId, acr: login.acr, amr: login.amr, loginTs: login.ts });
  // A new identifier whenever who or how changes (no fixation of the provider's session cookie).
  if (!session.new) session.resetIdentifier();
}

/** The provider's session forgets its person and the clients they used (the next login starts clean). */
function forget(session: ProviderSession): void {
  for (const key of ["accountId", "acr", "amr", "loginTs", "authorizations"]) delete session[key];
  session.touched = true;
}

/** The live browser session of an authorization request, read once per request. */
const LIVE = Symbol("live browser session");
export async function liveOf(ctx: KoaContextWithOIDC): Promise<BrowserPrincipal | null> {
  const memo = ctx as unknown as Record<symbol, Promise<BrowserPrincipal | null>>;
  memo[LIVE] ??= liveBrowserSession(fetchRequestOf(ctx.req));
  return memo[LIVE];
}

/**
 * Makes the provider's session say what ours says, before the provider reads who is signed in.
 * oidc-provider loads the account and its grant from its session early in the authorization
 * request, before any prompt check, and its one awaited hook before that point is the validation
 * of extra parameters: so this runs as the validator of `extraParams` (provider.ts), for every
 * authorization request, whatever its parameters.
 */
export async function mirrorOurSession(ctx: KoaContextWithOIDC): Promise<void> {
  if (ctx.oidc.route !== "authorization") return;
  const session = ctx.oidc.session as ProviderSession;
  const live = await liveOf(ctx);
  if (live) mirror(session, live);
  else if (session.accountId) forget(session);
}

const { Check, base } = interactionPolicy;

/** What prompt=none is answered with when anything would need the person. */
const SILENT = { error: "login_required", description: "End-User authentication is required" };

/** oidc-provider's default prompts, with our session's checks first in the login prompt. */
export function interactionPolicyMirroringOurSession() {
  const policy = base();
  const login = policy.get("login")!;
  login.checks.unshift(
    // Nobody signed in here: the login prompt (our /login).
    new Check("browser_session", SILENT.description, SILENT.error, async (ctx) =>
      (await liveOf(ctx)) ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT,
    ),
    new Check("aal2_required", SILENT.description, SILENT.error, async (ctx) => {
      const live = await liveOf(ctx);
      return hasWord(ctx.oidc.params?.acr_values, "aal2") && live?.aal !== "aal2" ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
    }),
    new Check("organization_policy", SILENT.description, SILENT.error, async (ctx) => {
      const live = await liveOf(ctx);
      if (!live?.organizationId || !hasWord(ctx.oidc.params?.scope, "organization")) return Check.NO_NEED_TO_PROMPT;
      return (await organizationPolicyRefusal(live)) ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
    }),
  );
  // prompt=none gets one answer, code and description, whatever stands in the way (nobody signed
  // in, a second factor or an organization's rule missing, a third-party client not allowed), so a
  // client cannot probe whether its visitor is signed in here, or how.
  for (const check of [...login.checks, ...policy.get("consent")!.checks]) {
    check.error = SILENT.error;
    check.description = SILENT.description;
  }
  return policy;
}

const POLICY_REFUSALS = new Set(["mfa_required", "mfa_enrollment_required", "sso_required"]);

/**
 * The refusal the active organization's rules give this session (two-factor required, enforced
 * single sign-on), or null: the same requireMembership as its pages. A membership that is gone is
 * no refusal here: the `organization` claims are read from the membership, so they are simply absent.
 */
export async function organizationPolicyRefusal(live: BrowserPrincipal): Promise<ApiError | null> {
  if (!live.organizationId) return null;
  try {
    await requireMembership(live, { orgId: live.organizationId });
    return null;
  } catch (error) {
    if (error instanceof ApiError && POLICY_REFUSALS.has(error.code)) return error;
    return null;
  }
}
