import * as z from "zod";
import { idSchema, printable } from "./common";

// Applications registered with the OpenID Provider (API.md, "OpenID Provider"): one schema per
// input, shared by the admin routes, the OpenAPI document and the /admin page.

export const OAUTH_SCOPES = ["openid", "profile", "email", "offline_access", "organization"] as const;
export const OAUTH_CLIENT_TYPES = ["confidential", "public"] as const;
/**
 * How a client's ID tokens may be signed. RS256, the default (prisma/schema.prisma's too), is
 * OpenID Connect's, which every relying party must accept; ES256 is smaller and far cheaper to
 * sign. Asymmetric only: client secrets are stored hashed, so HS* (which needs the clear secret)
 * is never offered, nor `none`. The provider offers exactly these (lib/oidc/provider.ts).
 */
export const ID_TOKEN_SIGNING_ALGORITHMS = ["RS256", "ES256"] as const;
export type IdTokenSigningAlg = (typeof ID_TOKEN_SIGNING_ALGORITHMS)[number];
export const DEFAULT_ID_TOKEN_SIGNING_ALG: IdTokenSigningAlg = "RS256";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Why a redirect URI is refused, or null. Exact match is the rule at the authorization endpoint,
 * so what is registered must be unambiguous: https (http only on a loopback host, for native and
 * development clients, RFC 8252 §7.3), or a private-use scheme in reverse-domain form
 * (`com.example.app:/callback`, §7.1); no fragment (RFC 6749 §3.1.2), no user or password, no
 * wildcard, and written in its canonical form, so that what is compared is what a browser sends.
 */
export function redirectUriProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter an absolute URL.";
  }
  if (url.hash || value.includes("#")) return "A redirect URI has no fragment (#…).";
  if (url.username || url.password) return "A redirect URI has no user name or password.";
  if (value.includes("*")) return "Wildcards are not allowed: register each redirect URI exactly.";
  const scheme = url.protocol.slice(0, -1);
  if (scheme === "https") {
    if (!url.hostname) return "Enter a host.";
  } else if (scheme === "http") {
    if (!LOOPBACK_HOSTS.has(url.hostname)) return "Use https (http only on localhost, 127.0.0.1 or [::1]).";
  } else if (!/^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+$/.test(scheme)) {
    return "Use https, http on a loopback host, or an app scheme in reverse-domain form (com.example.app:/callback).";
  }
  if (url.href !== value) return `Write it in its canonical form: ${url.href}`;
  return null;
}

const redirectUriSchema = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .superRefine((value, ctx) => {
    const problem = redirectUriProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const uriListSchema = (max: number) =>
  z
    .array(redirectUriSchema)
    .max(max, `At most ${max}.`)
    .refine((list) => new Set(list).size === list.length, "Each URI once.");

const scopesSchema = z
  .array(z.enum(OAUTH_SCOPES))
  .min(1, "Allow at least the openid scope.")
  .refine((list) => list.includes("openid"), "The openid scope is always allowed.")
  .transform((list) => [...new Set(list)]);

const idTokenSigningAlgSchema = z
  .enum(ID_TOKEN_SIGNING_ALGORITHMS, { error: `Choose one of ${ID_TOKEN_SIGNING_ALGORITHMS.join(", ")}.` })
  .meta({
    description:
      "How the client's ID tokens are signed: `RS256` (OpenID Connect's default, which every relying party accepts) or `ES256` (smaller, far cheaper to sign; the relying party must support it).",
  });

export const oauthClientNameSchema = printable(z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."));

export const createOAuthClientSchema = z
  .object({
    name: oauthClientNameSchema,
    type: z.enum(OAUTH_CLIENT_TYPES),
    redirectUris: uriListSchema(20).refine((list) => list.length > 0, "Register at least one redirect URI."),
    postLogoutRedirectUris: uriListSchema(20).default([]),
    scopes: scopesSchema.default(["openid", "profile", "email"]),
    firstParty: z.boolean().default(false),
    idTokenSigningAlg: idTokenSigningAlgSchema.default(DEFAULT_ID_TOKEN_SIGNING_ALG),
  })
  .strict();
export type CreateOAuthClientInput = z.infer<typeof createOAuthClientSchema>;

export const updateOAuthClientSchema = z
  .object({
    name: oauthClientNameSchema.optional(),
    redirectUris: uriListSchema(20)
      .refine((list) => list.length > 0, "Register at least one redirect URI.")
      .optional(),
    postLogoutRedirectUris: uriListSchema(20).optional(),
    scopes: scopesSchema.optional(),
    firstParty: z.boolean().optional(),
    idTokenSigningAlg: idTokenSigningAlgSchema.optional(),
  })
  .strict();
export type UpdateOAuthClientInput = z.infer<typeof updateOAuthClientSchema>;

export const oauthClientParamsSchema = z.object({ clientId: idSchema });

/**
 * The consent page's answer (its two buttons). Anything else, or nothing, is read as a denial:
 * only an explicit allow grants.
 */
export const consentDecisionSchema = z.object({ decision: z.enum(["allow", "deny"]).catch("deny") });
