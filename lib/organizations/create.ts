import "server-only";
import { randomBytes } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { recordAudit } from "@/lib/audit/record";

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return base || "org";
}

/** A slug not yet taken: the name's slug, else with a short random suffix. */
async function freeSlug(tx: Tx, name: string): Promise<string> {
  const base = slugify(name);
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 ? base : `${base}-${randomBytes(3).toString("hex")}`;
    if (!(await tx.organization.findUnique({ where: { slug }, select: { id: true } }))) return slug;
  }
  return `${base}-${randomBytes(6).toString("hex")}`;
}

/** Creates an organization with `ownerId` as its owner, inside the caller's transaction. */
export async function createOrganizationWithOwner(tx: Tx, input: { name: string; ownerId: string; client?: ClientInfo }) {
  const organization = await tx.organization.create({
    data: {
      name: input.name,
      slug: await freeSlug(tx, input.name),
      memberships: { create: { userId: input.ownerId, role: "owner" } },
    },
  });
  await recordAudit(tx, {
    type: "org.created",
    organizationId: organization.id,
    actorId: input.ownerId,
    client: input.client,
    metadata: { name: organization.name },
  });
  return organization;
}
