import * as z from "zod";
import { emailSchema } from "./common";
import { idSchema, printable } from "./common";

// Enterprise single sign-on (API.md, "Enterprise single sign-on"): one schema per input, shared
// by the routes, the OpenAPI document and the organization's Single sign-on page.

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * An email domain as people type it ("Acme.COM.", "bücher.example"): trimmed, lower-cased, the
 * trailing dot dropped, international names in their ASCII (punycode) form, at least two labels,
 * no IP address.
 */
export const domainNameSchema = z
  .string({ error: "Enter a domain, such as acme.com." })
  .trim()
  .max(253, "Use at most 253 characters.")
  .transform((value, ctx) => {
    const typed = value.toLowerCase().replace(/\.$/, "");
    let ascii: string;
    try {
      // Only a host name reaches the URL parser: "user@acme.com", "acme.com/x" or "acme.com:443"
      // would otherwise come out as acme.com.
      if (/[\s@/:?#\\[\]%]/.test(typed)) throw new Error("not a host name");
      ascii = new URL(`http://${typed}/`).hostname;
    } catch {
      ascii = "";
    }
    const labels = ascii.split(".");
    if (!ascii || ascii !== ascii.trim() || labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels.at(-1)!)) {
      ctx.addIssue({ code: "custom", message: "Enter a domain, such as acme.com." });
      return z.NEVER;
    }
    return ascii;
  });

export const addDomainSchema = z.object({ domain: domainNameSchema });
export type AddDomainInput = z.infer<typeof addDomainSchema>;
export const domainParamsSchema = z.object({ orgId: idSchema, id: idSchema });

/** An IdP address typed or uploaded (http for development IdPs; the address rule judges where it leads). */
export const httpsUrl = z
  .string()
  .trim()
  .max(2048, "Use at most 2048 characters.")
  .url("Enter a URL, such as https://idp.example.com/sso.")
  .refine((value) => /^https?:\/\//i.test(value), "Use an https:// URL.");

/** A PEM certificate, or its base64 body alone (as IdP consoles show it). */
const certificateSchema = z
  .string()
  .trim()
  .min(1, "Paste the IdP's signing certificate.")
  .max(16_384, "That is too long for a certificate.")
  .refine((value) => /^[A-Za-z0-9+/=\s-]+$/.test(value.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "")), "Paste a PEM certificate.");

export const ssoRoleSchema = z
  .enum(["member", "admin"])
  .meta({ description: "The role a person gets when their first SSO sign-in adds them." });

const common = {
  defaultRole: ssoRoleSchema.optional(),
  enforced: z.boolean().optional(),
  idpEnforcesMfa: z.boolean().optional(),
};

export const samlByMetadataSchema = z.object({
  type: z.literal("saml"),
  idpMetadataXml: z.string().min(1).max(262_144, "The metadata is larger than 256 KB."),
  ...common,
});
export const samlByFieldsSchema = z.object({
  type: z.literal("saml"),
  idpEntityId: printable(z.string().trim().min(1).max(1024)),
  idpSsoUrl: httpsUrl,
  idpCertificate: certificateSchema,
  /** The next certificate during a rollover: both verify until the old one is removed. */
  idpCertificateNext: certificateSchema.optional(),
  ...common,
});
export const oidcConnectionSchema = z.object({
  type: z.literal("oidc"),
  issuer: httpsUrl,
  clientId: printable(z.string().trim().min(1).max(512)),
  clientSecret: z.string().min(1).max(1024),
  ...common,
});

export const createConnectionSchema = z.union([samlByMetadataSchema, samlByFieldsSchema, oidcConnectionSchema]);
export type CreateConnectionInput = z.infer<typeof createConnectionSchema>;

export const updateConnectionSchema = z
  .object({
    ...common,
    idpMetadataXml: z.string().min(1).max(262_144).optional(),
    idpEntityId: printable(z.string().trim().min(1).max(1024)).optional(),
    idpSsoUrl: httpsUrl.optional(),
    idpCertificate: certificateSchema.optional(),
    idpCertificateNext: certificateSchema.nullable().optional(),
    issuer: httpsUrl.optional(),
    clientId: printable(z.string().trim().min(1).max(512)).optional(),
    clientSecret: z.string().min(1).max(1024).optional(),
  })
  .strict();
export type UpdateConnectionInput = z.infer<typeof updateConnectionSchema>;

export const connectionParamsSchema = z.object({ orgId: idSchema, id: idSchema });
export const connectionIdParamsSchema = z.object({ connectionId: idSchema });

const returnToSchema = z.string().max(2048).optional();
// Lookups, not new names: a shape check only (nothing PostgreSQL cannot store reaches a query).
const organizationSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9-]+$/, "An organization's short name has lower-case letters, digits and dashes.");

export const ssoStartSchema = z.union([
  z.object({ email: emailSchema, returnTo: returnToSchema }),
  z.object({ organizationSlug: organizationSlugSchema, returnTo: returnToSchema }),
]);
export type SsoStartInput = z.infer<typeof ssoStartSchema>;

/** The same start as a link (GET /api/auth/sso/start, the /sso page's): `organization` is the slug, as in /sso?organization=. */
export const ssoStartQuerySchema = z
  .object({
    email: emailSchema.optional(),
    organization: organizationSlugSchema.optional(),
    /** One connection by id: an owner's "Test sign-in" of a connection that is not the organization's first. */
    connection: idSchema.regex(/^[\w-]+$/, "Not a connection id.").optional(),
    returnTo: returnToSchema,
  })
  .refine((query) => [query.email, query.organization, query.connection].filter(Boolean).length === 1, {
    message: "Give one of an email address, an organization or a connection.",
    path: ["email"],
  });
export type SsoStartQuery = z.infer<typeof ssoStartQuerySchema>;

/** What a start names: an address, an organization, or (a link's test sign-in) one connection. */
export type SsoStartTarget = SsoStartInput | { connectionId: string; returnTo?: string };

export const startInputOfQuery = (query: SsoStartQuery): SsoStartTarget =>
  query.email
    ? { email: query.email, returnTo: query.returnTo }
    : query.connection
      ? { connectionId: query.connection, returnTo: query.returnTo }
      : { organizationSlug: query.organization ?? "", returnTo: query.returnTo };

/** The /sso page's and the start link's query string for a start. */
export function ssoStartQueryString(query: SsoStartQuery): string {
  const params = new URLSearchParams(
    query.email ? { email: query.email } : query.connection ? { connection: query.connection } : { organization: query.organization ?? "" },
  );
  if (query.returnTo) params.set("returnTo", query.returnTo);
  return params.toString();
}
