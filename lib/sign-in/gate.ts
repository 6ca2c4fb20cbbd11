import "server-only";
import type { Executor } from "@/lib/db/sql";
import { gateAccount, lockedSignInAccount, signInAccount, type GateAccountRow } from "@/lib/db/statements/users";
import type { ClientInfo } from "@/lib/http/client-info";
import { config } from "@/lib/config/env";
import { accountDisabled, ApiError, ssoRequired } from "@/lib/http/errors";
import { secondFactorMethods, type SecondFactorMethod } from "@/lib/mfa/factors";
import type { Assurance, IssuedRefreshToken } from "@/lib/sessions/assurance";
import { buildTokenResponse } from "@/lib/sessions/token-response";
import { createChallenge } from "./challenge";
import { openSignedInSession } from "./signed-in";

// THE decision of every door that opens a session or issues tokens (API login, the browser form,
// OAuth, confirm-account, register, the second step itself): is a second step owed? A first
// factor alone (password, emailed code or link, an OAuth provider) never opens a session for an
// account with a second factor; it yields an mfaToken instead. Only a factor that is itself
// aal2 (a passkey with user verification) or a completed second step skips it.

export type FirstFactor = "pwd" | "otp" | "fed" | "sso";

export type SignInOutcome =
  | {
      kind: "signed_in";
      userId: string;
      sessionId: string;
      organizationId: string | null;
      refresh: IssuedRefreshToken;
      assurance: Assurance;
    }
  | { kind: "second_factor_required"; mfaToken: string; methods: SecondFactorMethod[] };

export async function beginSignIn(input: {
  userId: string;
  organizationId: string | null;
  client: ClientInfo;
  via: string;
  firstFactor: FirstFactor;
  /**
   * The account's credentialEpoch read with the password it checked: a password change, reset or
   * "log out everywhere" since then refuses the sign-in (and its second step). Doors that checked
   * no password (a code, a link, a provider) leave it out: a second step they start keeps the
   * epoch of this moment, so it is overtaken by anything later; opened at once, the session has
   * nothing left to race (the revocation that follows ends it).
   */
  credentialEpoch?: number;
}): Promise<SignInOutcome> {
  // Read before anything is decided, for every door: a password change, reset, "log out
  // everywhere" or factor removal that begins after this moment refuses the session (startSession
  // compares it under a share lock of the account row), so none outlives a revocation.
  const account = await gateAccount(input.userId);
  if (account?.disabled) throw accountDisabled();
  const via = ssoEnforcementOf(account, input.firstFactor, input.via);
  const credentialEpoch = input.credentialEpoch ?? account?.credentialEpoch ?? null;
  const methods = await secondFactorMethods(input.userId);
  if (methods.length > 0) {
    const mfaToken = await createChallenge({
      userId: input.userId,
      organizationId: input.organizationId,
      via,
      amr: [input.firstFactor],
      credentialEpoch,
    });
    return { kind: "second_factor_required", mfaToken, methods };
  }
  const assurance: Assurance = { amr: [input.firstFactor], aal: "aal1" };
  const started = await openSignedInSession({ ...input, via, assurance, credentialEpoch });
  if (!started) throw overtakenSignIn();
  return { kind: "signed_in", userId: input.userId, assurance, ...started };
}

/**
 * Enforced SSO (API.md, "Enterprise single sign-on"): a person at the verified domain of an
 * organization that enforces its connection signs in through the IdP only (403 sso_required with
 * where to start it), whatever first factor they checked here. An owner keeps the password
 * (break-glass), and the sign-in says so in its event (`via` ends in ":break_glass"). Asked after
 * the credentials checked out, so it tells nothing to someone without them.
 */
function ssoEnforcementOf(account: GateAccountRow | undefined, firstFactor: FirstFactor, via: string): string {
  if (firstFactor === "sso" || !account?.ssoSlug) return via;
  if (account.ssoOwner && firstFactor === "pwd") return `${via}:break_glass`;
  throw ssoRequired(config().appUrl, account.ssoSlug);
}

/**
 * The account as the gate reads it first: a disabled account is refused here, at every door, and
 * again by the statement that opens the session (the account row under a share lock), so a
 * disable racing a sign-in cannot let one through.
 */
export async function requireEnabledAccount(userId: string): Promise<{ credentialEpoch: number | null }> {
  const account = await signInAccount(userId);
  if (account?.disabled) throw accountDisabled();
  return { credentialEpoch: account?.credentialEpoch ?? null };
}

/**
 * The gate's check for a door that changes the account rather than opening a session (accepting
 * an invitation or joining through one, an email change's undo link, OAuth claiming a
 * never-confirmed address), inside that change's transaction: the account row is held until it
 * commits, so a disable racing it either waits for it or refuses it.
 */
export async function requireEnabledAccountIn(tx: Executor, userId: string): Promise<void> {
  if ((await lockedSignInAccount(tx, userId))?.disabled) throw accountDisabled();
}

/** The password was checked, but it changed (or every session was ended) before the session opened. */
const overtakenSignIn = () =>
  new ApiError("invalid_credentials", "Your password or sessions changed while you were signing in: sign in again.");

/**
 * A person an organization's identity provider vouched for (lib/sign-in/doors/sso.ts). Like any
 * first factor it owes the second step when the account has a factor, unless the connection says
 * the IdP itself asks for a second factor: then the session opens at aal2 (amr sso + mfa).
 */
export async function beginSsoSignIn(input: {
  userId: string;
  organizationId: string;
  client: ClientInfo;
  idpEnforcesMfa: boolean;
}): Promise<SignInOutcome> {
  if (!input.idpEnforcesMfa) return beginSignIn({ ...input, via: "sso", firstFactor: "sso" });
  const account = await requireEnabledAccount(input.userId);
  const assurance: Assurance = { amr: ["sso", "mfa"], aal: "aal2" };
  const started = await openSignedInSession({ ...input, via: "sso", assurance, credentialEpoch: account.credentialEpoch });
  if (!started) throw overtakenSignIn();
  return { kind: "signed_in", userId: input.userId, assurance, ...started };
}

/** A passkey's RFC 8176 method: hwk when the key is bound to one device, swk when it is synced. */
export type PasskeyFactor = "hwk" | "swk";

/**
 * A passkey verified with user verification (possession of the key plus the device's PIN or
 * biometric) is itself two factors: no second step is owed, the session starts at aal2 with
 * amr [hwk|swk, "mfa"].
 */
export async function beginPasskeySignIn(input: {
  userId: string;
  organizationId: string | null;
  client: ClientInfo;
  factor: PasskeyFactor;
  /** The account's epoch read before the assertion was checked (a removal or logout meanwhile refuses it). */
  credentialEpoch: number | null;
}) {
  await requireEnabledAccount(input.userId);
  const assurance: Assurance = { amr: [input.factor, "mfa"], aal: "aal2" };
  const started = await openSignedInSession({ ...input, via: "passkey", assurance });
  if (!started) throw overtakenSignIn(); // the passkey removed, every session ended, or the account deleted meanwhile
  return { userId: input.userId, assurance, ...started };
}

/** The API's answer when a second step is owed: 403 with the extension members of the contract. */
export const mfaRequired = (outcome: Extract<SignInOutcome, { kind: "second_factor_required" }>) =>
  new ApiError("mfa_required", "Enter a code from your authenticator app (or a recovery code) to finish signing in.", {
    extensions: { mfaToken: outcome.mfaToken, methods: outcome.methods },
  });

const FIRST_FACTOR = { password: "pwd", code: "otp", link: "otp" } as const;

/**
 * An API client's door answer: the token response, or 403 mfa_required with an mfaToken when the
 * account has a second factor.
 */
export async function signInApiClient(input: {
  userId: string;
  organizationId: string | null;
  client: ClientInfo;
  via: keyof typeof FIRST_FACTOR;
  credentialEpoch?: number;
}) {
  const outcome = await beginSignIn({ ...input, firstFactor: FIRST_FACTOR[input.via] });
  if (outcome.kind === "second_factor_required") throw mfaRequired(outcome);
  return buildTokenResponse(outcome);
}
