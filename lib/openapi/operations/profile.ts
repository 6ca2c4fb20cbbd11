import * as auth from "@/lib/validation/auth";
import * as profile from "@/lib/validation/profile";
import * as out from "../schemas";
import type { Rows } from ".";

// The caller's own profile, and undoing an email change. Row format: index.ts.
export const PROFILE = {
  "get /api/auth/profile": {
    summary: "My profile",
    description: "The signed-in user, with organizations and roles. `GET /api/auth/user` is an alias.",
    auth: "user",
    ok: [200, "Profile.", out.profileSchema],
  },
  "get /api/auth/user": {
    summary: "My profile (alias)",
    description: "Alias of `GET /api/auth/profile`.",
    auth: "user",
    ok: [200, "Profile.", out.profileSchema],
  },
  "patch put /api/auth/profile": {
    summary: "Update my profile",
    description:
      "Changes names at once. A new `email` is applied only after the new address confirms it (a code and link go there, a notice to the old address) and needs a recent password re-check (step-up). An address already in use answers 409. An address at a domain whose organization enforces single sign-on cannot be moved to another domain, except by that organization's owners (403 `sso_required`, checked again when the new address confirms). PUT is accepted as a synonym of PATCH.",
    auth: "user",
    body: profile.updateProfileSchema,
    ok: [200, "Profile (email unchanged until confirmed).", out.profileSchema],
    errors: ["reauthentication_required", "incorrect_password", "conflict", "sso_required", "rate_limited"],
  },
  "post /api/auth/undo-email-change": {
    summary: "Undo an email change",
    description:
      "With the token from the notice sent to the old address when an email change completes (single use, 7 days). Puts the old address back, signs out every session and cancels every pending change, code and reset link. While an admin has the account disabled it answers 403 `account_disabled` and the link stays unspent.",
    body: auth.undoEmailChangeSchema,
    ok: [200, "Restored.", out.restoredEmailSchema],
    errors: ["account_disabled", "invalid_token", "conflict", "rate_limited"],
  },
} as const satisfies Rows;
