// How a request names its organization, with no I/O: the access check (context.ts) and the
// credential check that reads an organization in its own statement (lib/auth/principal.ts) must
// resolve a request to the same id or slug.

/** How a request names its organization: `{orgId}` from the path, plus the `current` fallbacks. */
export interface OrgRef {
  /** An organization id, a slug, or `current`. */
  orgId: string;
  /** X-Organization-Id, consulted only when orgId is `current`. */
  headerOrgId?: string | null;
  /** ?org=<slug>, consulted only when orgId is `current` and there is no header. */
  slug?: string | null;
}

/**
 * Ids are UUIDs and slugs [a-z0-9-]: anything else cannot name a row, and is answered as not
 * found without reaching the database (which refuses some bytes, such as NUL, with an error).
 */
export const isPlausibleRef = (value: string) => /^[A-Za-z0-9_-]{1,100}$/.test(value);

/**
 * The id or slug a request names, following the contract's order for `current`: the path, then
 * X-Organization-Id, then ?org=, then the credential's active organization (`current`).
 */
export function organizationNamedBy(ref: OrgRef, currentOrganizationId: string | null): string | null {
  if (ref.orgId !== "current") return ref.orgId;
  const header = ref.headerOrgId?.trim();
  if (header) return header;
  const slug = ref.slug?.trim();
  if (slug) return slug;
  return currentOrganizationId;
}
