import "server-only";
import { db } from "@/lib/db/client";
import { lockKey, lockUser } from "@/lib/db/statements/locks";
import { emit, emitAfter } from "@/lib/events/emit";
import type { SsoConnection } from "@/lib/generated/prisma/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { discardUnconfirmedAccount } from "@/lib/accounts/discard-account";
import { emailSchema } from "@/lib/validation/common";
import { beginSsoSignIn, requireEnabledAccountIn, type SignInOutcome } from "../gate";

// The door of enterprise single sign-on (API.md, "Enterprise single sign-on"): an organization's
// identity provider vouched for an address (lib/sso/saml.ts, lib/sso/oidc.ts checked how). The
// address must be at one of that organization's verified domains, compared exactly (a subdomain
// or a look-alike is another domain), or nothing is touched: the hole most implementations leave
// is an IdP asserting someone else's address. Then the account is provisioned or joined, and the
// gate decides about the second step like at every door.

export interface VouchedIdentity {
  email: string;
  firstName?: string;
  lastName?: string;
}

export const domainNotVerified = () =>
  new ApiError("sso_domain_not_verified", "The identity provider signed in an address outside the organization's verified domains.");

/** Records a refused SSO sign-in in the organization's log, with the reason (never the assertion). */
export async function recordSsoFailure(connection: Pick<SsoConnection, "id" | "organizationId">, reason: string, client: ClientInfo) {
  await emitAfter({
    type: "sso.login_failed",
    organizationId: connection.organizationId,
    actorId: null,
    client,
    metadata: { connectionId: connection.id, reason },
  });
}

export async function signInThroughSso(
  connection: SsoConnection & { verifiedDomains: string[] },
  identity: VouchedIdentity,
  client: ClientInfo,
): Promise<SignInOutcome> {
  const parsed = emailSchema.safeParse(identity.email);
  const email = parsed.success ? parsed.data : null;
  const domain = email?.slice(email.lastIndexOf("@") + 1);
  if (!email || !domain || !connection.verifiedDomains.includes(domain)) {
    await recordSsoFailure(connection, email ? "email_domain_not_verified" : "invalid_email", client);
    throw domainNotVerified();
  }
  const organizationId = connection.organizationId;
  const userId = await db().$transaction(async (tx) => {
    // Two first sign-ins of one address at the same moment create one account.
    await lockKey(tx, `account:${email}`);
    let user = await tx.user.findUnique({ where: { email }, select: { id: true, emailVerified: true } });
    if (user && !user.emailVerified) {
      // Someone registered the address before its owner and never proved it: the IdP just did.
      // Nothing of theirs survives (lib/accounts/discard-account.ts).
      await lockUser(tx, user.id);
      await discardUnconfirmedAccount(tx, user.id);
      user = null;
    }
    const created = !user;
    if (!user) {
      const name = [identity.firstName, identity.lastName].filter(Boolean).join(" ") || null;
      user = await tx.user.create({
        data: { email, emailVerified: new Date(), name, firstName: identity.firstName ?? null, lastName: identity.lastName ?? null },
        select: { id: true, emailVerified: true },
      });
    } else {
      await requireEnabledAccountIn(tx, user.id);
    }
    const member = await tx.membership.findUnique({
      where: { userId_organizationId: { userId: user.id, organizationId } },
      select: { id: true },
    });
    if (!member) {
      await tx.membership.create({ data: { userId: user.id, organizationId, role: connection.defaultRole } });
      // For webhooks only (the sso.login_succeeded below is the audit trail): who joined, and how.
      await emit(tx, {
        type: "member.added",
        organizationId,
        actorId: user.id,
        client,
        metadata: { userId: user.id, email, role: connection.defaultRole, via: "sso" },
      });
    }
    await emit(tx, {
      type: "sso.login_succeeded",
      organizationId,
      actorId: user.id,
      client,
      metadata: { connectionId: connection.id, provisioned: created || !member },
    });
    return user.id;
  });
  return beginSsoSignIn({ userId, organizationId, client, idpEnforcesMfa: connection.idpEnforcesMfa });
}
