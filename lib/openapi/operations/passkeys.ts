import * as mfa from "@/lib/validation/mfa";
import * as passkeys from "@/lib/validation/passkeys";
import * as out from "../schemas";
import type { Rows } from ".";

// Passkeys: adding and managing them, and signing in with one. Row format: index.ts.
export const PASSKEYS = {
  "post /api/auth/passkeys/register/options": {
    summary: "Start adding a passkey",
    description:
      "Needs the step-up window. WebAuthn creation options (JSON form) for `navigator.credentials.create()`: a discoverable credential with user verification, attestation `none`, the account's passkeys excluded. The challenge is stored as a hash, works once and expires after 5 minutes.",
    auth: "user",
    ok: [200, "Creation options.", out.passkeyCreationOptionsSchema],
    errors: ["mfa_required", "forbidden", "reauthentication_required"],
  },
  "post /api/auth/passkeys/register/verify": {
    summary: "Finish adding a passkey",
    description:
      "The credential from `navigator.credentials.create()` (JSON form, e.g. from `startRegistration`). Checked against the challenge this account was given, the origin `APP_URL`, the RP id and user verification; the challenge is spent whatever the outcome. A refused response answers 400 `invalid_token`; a credential already registered (to any account) 409 `conflict`. `name` defaults to the browser and system it was added from. When it is the account's first factor, the answer holds 10 recovery codes, shown once. With `signOutOtherSessions: true` every other session of the account ends.",
    auth: "user",
    body: passkeys.passkeyRegisterSchema,
    ok: [201, "Added.", out.passkeyAddedSchema],
    errors: ["mfa_required", "forbidden", "invalid_token", "conflict"],
  },
  "get /api/auth/passkeys": {
    summary: "My passkeys",
    description: "The account's passkeys, oldest first, with their last use.",
    auth: "user",
    ok: [200, "The passkeys.", out.listOf(out.passkeySchema)],
  },
  "patch /api/auth/passkeys/{id}": {
    summary: "Rename a passkey",
    description: "Another account's passkey answers 404.",
    auth: "user",
    params: passkeys.passkeyParamsSchema,
    body: passkeys.passkeyRenameSchema,
    ok: [200, "Renamed.", out.passkeySchema],
    errors: ["not_found", "forbidden"], // forbidden: an impersonation session
  },
  "delete /api/auth/passkeys/{id}": {
    summary: "Remove a passkey",
    description:
      "Needs the step-up window. Every other session whose `amr` names the passkey's method (`hwk` or `swk`) ends, and so does every sign-in waiting for its second step; this session, when it used that method, and any session left with no factor behind its `aal2`, falls to `aal1`. With `signOutOtherSessions: true` (optional JSON body) every other session ends. With no factor left, the recovery codes go too. Another account's passkey answers 404.",
    auth: "user",
    params: passkeys.passkeyParamsSchema,
    body: mfa.factorRemovalSchema,
    ok: [204, "Removed."],
    errors: ["mfa_required", "forbidden", "reauthentication_required", "not_found"],
  },
  "post /api/auth/passkeys/authenticate/options": {
    summary: "Start signing in with a passkey",
    description:
      "WebAuthn request options (JSON form) for `navigator.credentials.get()`, user verification required. Without `mfaToken` any discoverable passkey may answer: asked with no credential, the challenge serves a usernameless sign-in; asked with Bearer (or the browser session), it is bound to that session and serves only its step-up (verify with the same session). With the `mfaToken` of a 403 `mfa_required` the options list that account's passkeys and the challenge only finishes that sign-in (409 `conflict` when the account has no passkey). Each call stores a challenge (5 minutes, single use): limited per client.",
    auth: "optional",
    body: passkeys.passkeyOptionsSchema,
    ok: [200, "Request options.", out.passkeyRequestOptionsSchema],
    errors: ["invalid_token", "conflict", "rate_limited"],
  },
  "post /api/auth/passkeys/authenticate/verify": {
    summary: "Sign in (or step up) with a passkey",
    description:
      "The assertion from `navigator.credentials.get()` (JSON form, e.g. from `startAuthentication`). Alone: a full sign-in at `aal2` (amr `hwk` for a device-bound passkey, `swk` for a synced one, plus `mfa`). With `mfaToken`: the second step of that sign-in (like a code, it takes one of the token's 5 tries; amr adds the passkey's method and `mfa`). With Bearer (or the browser session): the step-up window opens, as check-password does, the session is raised to `aal2` (its next refresh carries it), and the answer is `{ valid: true }`. A used, expired or mismatched challenge answers 400 `invalid_token`; an assertion that does not verify (unknown or another account's passkey, another origin or RP id, no user verification, a bad signature, a signature counter that did not move forward) 401 `invalid_credentials`. Failures count per client, and per account where the account is known (429).",
    auth: "optional",
    body: passkeys.passkeyAuthenticateSchema,
    ok: [200, "Signed in (a token response), or `{ valid: true }` for a step-up.", out.tokenResponseSchema.or(out.stepUpSchema)],
    errors: ["account_disabled", "invalid_token", "invalid_credentials", "email_not_verified", "conflict", "rate_limited", "forbidden"],
  },
} as const satisfies Rows;
