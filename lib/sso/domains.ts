import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { randomToken } from "@/lib/auth/crypto";
import { db } from "@/lib/db/client";
import { emit } from "@/lib/events/emit";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError, conflict, notFound } from "@/lib/http/errors";
import { isPlausibleRef, type OrgRef } from "@/lib/organizations/context";
import { consume } from "@/lib/security/rate-limit";
import { VERIFICATION_PREFIX, verificationRecords } from "./dns";
import { requireOwner, requireReader } from "./owner-access";
import { isPublicMailDomain } from "./public-mail-domains";

// An organization's email domains (API.md, "Enterprise single sign-on"). A claim is pending until
// the TXT record `_keystone-verification.<domain>` holds the value given at creation; a domain is
// verified by one organization at most (a partial unique index: two owners verifying at the same
// moment cannot both win), and public mail domains are never claimed.

const MAX_DOMAINS = 20;
const UNIQUE_VIOLATION = "P2002";

type DomainRow = {
  id: string;
  domain: string;
  status: "pending" | "verified";
  verificationValue: string;
  verifiedAt: Date | null;
  createdAt: Date;
};
const SELECT = { id: true, domain: true, status: true, verificationValue: true, verifiedAt: true, createdAt: true } as const;

const view = (row: DomainRow) => ({
  id: row.id,
  domain: row.domain,
  status: row.status,
  verification: { type: "dns-txt" as const, name: `${VERIFICATION_PREFIX}.${row.domain}`, value: row.verificationValue },
  verifiedAt: row.verifiedAt,
  createdAt: row.createdAt,
});
export type DomainView = ReturnType<typeof view>;

const noSuchDomain = () => notFound("No such domain in this organization.");

export async function listDomains(principal: Principal, ref: OrgRef) {
  const access = await requireReader(principal, ref);
  const rows = await db().organizationDomain.findMany({
    where: { organizationId: access.organization.id },
    orderBy: { createdAt: "asc" },
    select: SELECT,
  });
  return { items: rows.map(view) };
}

export async function getDomain(principal: Principal, ref: OrgRef, id: string) {
  const access = await requireReader(principal, ref);
  if (!isPlausibleRef(id)) throw noSuchDomain();
  const row = await db().organizationDomain.findFirst({ where: { id, organizationId: access.organization.id }, select: SELECT });
  if (!row) throw noSuchDomain();
  return view(row);
}

export async function addDomain(principal: Principal, ref: OrgRef, domain: string, client: ClientInfo) {
  const access = await requireOwner(principal, ref);
  if (isPublicMailDomain(domain)) {
    throw new ApiError("validation_failed", "Anyone can have an address there: a public mail domain cannot be claimed.", {
      errors: { domain: ["Anyone can have an address there: a public mail domain cannot be claimed."] },
    });
  }
  const organizationId = access.organization.id;
  try {
    return await db().$transaction(async (tx) => {
      if ((await tx.organizationDomain.count({ where: { organizationId } })) >= MAX_DOMAINS) {
        throw conflict(`An organization can claim at most ${MAX_DOMAINS} domains.`);
      }
      const row = await tx.organizationDomain.create({
        data: { organizationId, domain, verificationValue: `keystone-verification=${randomToken(24)}` },
        select: SELECT,
      });
      await emit(tx, { type: "domain.added", organizationId, ...access.actor, client, metadata: { domainId: row.id, domain } });
      return view(row);
    });
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw conflict("This organization has already added that domain.");
    throw error;
  }
}

/** Looks for the TXT record now; 409 while it is not there (or another organization verified the domain first). */
export async function verifyDomain(principal: Principal, ref: OrgRef, id: string, client: ClientInfo) {
  const access = await requireOwner(principal, ref);
  if (!isPlausibleRef(id)) throw noSuchDomain();
  const organizationId = access.organization.id;
  const row = await db().organizationDomain.findFirst({ where: { id, organizationId }, select: SELECT });
  if (!row) throw noSuchDomain();
  if (row.status === "verified") return view(row);
  // Each check is a DNS query the app makes on the caller's behalf.
  await consume("ssoDomainChecksPerOrganization", organizationId);
  const values = await verificationRecords(row.domain).catch(() => {
    throw new ApiError("service_unavailable", "The DNS lookup failed; try again in a moment.");
  });
  if (!values.includes(row.verificationValue)) {
    throw conflict(
      `No TXT record ${VERIFICATION_PREFIX}.${row.domain} with the value given yet. DNS changes can take a while to show; try again later.`,
    );
  }
  try {
    return await db().$transaction(async (tx) => {
      const [verified] = await tx.organizationDomain.updateManyAndReturn({
        where: { id, organizationId, status: "pending" },
        data: { status: "verified", verifiedAt: new Date() },
        select: SELECT,
      });
      if (!verified) throw noSuchDomain();
      await emit(tx, { type: "domain.verified", organizationId, ...access.actor, client, metadata: { domainId: id, domain: row.domain } });
      return view(verified);
    });
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw conflict("Another organization has already verified this domain.");
    throw error;
  }
}

export async function removeDomain(principal: Principal, ref: OrgRef, id: string, client: ClientInfo) {
  const access = await requireOwner(principal, ref);
  if (!isPlausibleRef(id)) throw noSuchDomain();
  const organizationId = access.organization.id;
  await db().$transaction(async (tx) => {
    const removed = await tx.organizationDomain.findFirst({ where: { id, organizationId }, select: { domain: true } });
    if (!removed) throw noSuchDomain();
    await tx.organizationDomain.delete({ where: { id } });
    await emit(tx, { type: "domain.removed", organizationId, ...access.actor, client, metadata: { domainId: id, domain: removed.domain } });
  });
}
