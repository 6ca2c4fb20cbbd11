import "server-only";
import { insertOrganizationIfSlugFree } from "@/lib/db/statements/organizations";
import { randomBytes, randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { conflict } from "@/lib/http/errors";
import { emit } from "@/lib/events/emit";

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  // `current` and id-shaped slugs would be ambiguous wherever {orgId} accepts a slug.
  if (base === "current" || UUID_SHAPE.test(base)) return `${base.slice(0, 30)}-org`;
  return base || "org";
}

/**
 * Inserts the organization row under the first free slug. ON CONFLICT DO NOTHING (rather than
 * look-then-insert) because two sign-ups with the same name race for the same slug, and a
 * unique violation would abort the caller's whole transaction.
 */
async function insertWithFreeSlug(tx: Tx, name: string, explicitSlug?: string): Promise<string> {
  const base = explicitSlug ?? slugify(name);
  for (let attempt = 0; attempt < 6; attempt++) {
    const slug = attempt === 0 ? base : `${base}-${randomBytes(attempt < 5 ? 3 : 6).toString("hex")}`;
    const inserted = await insertOrganizationIfSlugFree(tx, { id: randomUUID(), name, slug });
    if (inserted) return inserted;
    if (explicitSlug) throw conflict("This slug is already taken.");
  }
  throw conflict("Could not find a free slug for this name; choose one.");
}

/**
 * Creates an organization with `ownerId` as its owner, inside the caller's transaction. With
 * `slug`, that exact slug or 409; without, one derived from the name.
 */
export async function createOrganizationWithOwner(tx: Tx, input: { name: string; ownerId: string; slug?: string; client?: ClientInfo }) {
  const id = await insertWithFreeSlug(tx, input.name, input.slug);
  await tx.membership.create({ data: { userId: input.ownerId, organizationId: id, role: "owner" } });
  const organization = await tx.organization.findUniqueOrThrow({ where: { id } });
  await emit(tx, {
    type: "org.created",
    organizationId: organization.id,
    actorId: input.ownerId,
    client: input.client,
    metadata: { name: organization.name },
  });
  return organization;
}
