import "server-only";
import type { FindAccount } from "oidc-provider";
import { oidcAccount } from "@/lib/db/statements/users";
import { organizationClaims } from "./organization-claims";
import { hasWord } from "./params";
import { isPlausibleRef } from "@/lib/organizations/context";
import { NOT_READ_AHEAD, takeReadAheadAccount } from "./token-request";

// The people the provider signs in are our users: `sub` is the user id. Claims are read when a
// token or userinfo asks, so a changed name or address shows at once. The `organization` scope's
// org_id and org_role come from the browser session the grant is bound to
// (lib/oidc/organization-claims.ts); a disabled account has no claims at all.

export const findAccount: FindAccount = async (_ctx, sub, token) => {
  if (!isPlausibleRef(sub)) return undefined;
  const ahead = takeReadAheadAccount(sub);
  const user = ahead === NOT_READ_AHEAD ? await oidcAccount(sub) : ahead;
  if (!user || user.disabledAt) return undefined;
  return {
    accountId: user.id,
    async claims(_use, scope) {
      const grantId = (token as { grantId?: string } | undefined)?.grantId;
      const organization = hasWord(scope, "organization") ? await organizationClaims(grantId, user.id) : {};
      return {
        sub: user.id,
        email: user.email,
        email_verified: Boolean(user.emailVerified),
        name: user.name ?? ([user.firstName, user.lastName].filter(Boolean).join(" ") || undefined),
        given_name: user.firstName ?? undefined,
        family_name: user.lastName ?? undefined,
        updated_at: Math.floor(user.updatedAt.getTime() / 1000),
        ...organization,
      };
    },
  };
};
