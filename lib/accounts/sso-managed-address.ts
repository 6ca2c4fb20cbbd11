import "server-only";
import { config } from "@/lib/config/env";
import type { Tx } from "@/lib/db/client";
import { ssoManagedAddress } from "@/lib/db/statements/sso";
import { ssoRequired } from "@/lib/http/errors";

/**
 * An address at a domain whose organization enforces SSO is the organization's to manage: moving
 * it to another domain would take the person out of the enforcement (a password sign-in again,
 * the organization's routes reached without its IdP) while the IdP can no longer remove them.
 * Checked when asked and again when the new address confirms (enforcement may start meanwhile).
 */
export async function refuseLeavingManagedDomain(userId: string, from: string, to: string, tx?: Tx) {
  if (domainOf(from) === domainOf(to)) return;
  const managedBy = await ssoManagedAddress(userId, from, tx);
  if (managedBy)
    throw ssoRequired(
      config().appUrl,
      managedBy,
      "Your organization manages this address through single sign-on: it cannot be moved to another domain. Ask an owner of the organization.",
    );
}

const domainOf = (email: string) => email.slice(email.lastIndexOf("@") + 1);
