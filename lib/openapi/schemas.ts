import * as z from "zod";
import { EVENT_TYPES } from "@/lib/events/types";
import { ROLES, permissionSchema as basePermission } from "@/lib/organizations/permissions";
import { STATUS_OF, type ErrorCode } from "@/lib/http/errors";
import { ID_TOKEN_SIGNING_ALGORITHMS } from "@/lib/validation/oauth-clients";

// The shapes the API answers with, as zod schemas the OpenAPI document is generated from. Each
// mirrors the one view function that builds it (named in its description).

// Every code ApiError knows, read from its status table so a new code cannot be left out here.
const ERROR_CODES = Object.keys(STATUS_OF) as [ErrorCode, ...ErrorCode[]];

const timestamp = z.iso.datetime();

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.enum(ERROR_CODES),
    errors: z.record(z.string(), z.array(z.string())).optional().meta({ description: "Field name → messages (validation failures)." }),
    mfaToken: z
      .string()
      .optional()
      .meta({ description: "mfa_required from a sign-in: the single-use token of the second step (5 minutes)." }),
    methods: z
      .array(z.enum(["totp", "recovery_code", "passkey"]))
      .optional()
      .meta({ description: "mfa_required from a sign-in: the second factors this account can use." }),
    ssoUrl: z
      .string()
      .optional()
      .meta({ description: "sso_required: where to send the browser to sign in through the organization's identity provider." }),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details; `code` is stable." });

export const permissionSchema = basePermission.meta({ id: "Permission" });
const role = z.enum(ROLES).meta({ id: "Role" });

export const profileSchema = z
  .object({
    id: z.string(),
    email: z.email(),
    name: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    emailVerified: z.boolean(),
    mfaEnabled: z.boolean().meta({ description: "A second factor is on: sign-in asks for it." }),
    createdAt: timestamp,
    organizations: z.array(z.object({ id: z.string(), name: z.string(), slug: z.string(), role })),
    activeOrganizationId: z.string().nullable(),
  })
  .meta({ id: "Profile" });

export const activeOrganizationSchema = z
  .object({ id: z.string(), name: z.string(), slug: z.string(), role, permissions: z.array(permissionSchema) })
  .meta({ id: "ActiveOrganization" });

export const tokenResponseSchema = z
  .object({
    access_token: z.string().meta({
      description:
        "JWT, HS256 by default; with `JWT_ALGORITHM=ES256` or `EdDSA`, typed `at+jwt` and verifiable with the key its `kid` names in `/.well-known/jwks.json`. Claims: sub, sid, org, role, email, amr, aal, iat, exp, jti, iss, aud, user_id, tenant_id; `act: { sub }` (RFC 8693) when an instance admin is acting as the user.",
    }),
    token_type: z.literal("Bearer"),
    expires_in: z.number().int().meta({ description: "Seconds until the access token expires." }),
    refresh_token: z.string().meta({ description: "Opaque, single use: rotated by every refresh." }),
    refresh_expires_in: z.number().int(),
    mfaEnabled: z.boolean(),
    user: profileSchema,
    organization: activeOrganizationSchema.nullable(),
  })
  .meta({ id: "TokenResponse", description: "RFC 6749 §5.1 token response (sent with Cache-Control: no-store)." });

/** An impersonation session is never refreshed: its token response has no refresh token (RFC 6749 §5.1 makes it optional). */
export const impersonationTokenResponseSchema = tokenResponseSchema.omit({ refresh_token: true, refresh_expires_in: true }).meta({
  id: "ImpersonationTokenResponse",
  description:
    "A token response without a refresh token: the access token carries `act: { sub: <admin id> }` and expires with the 30-minute session.",
});

export const messageSchema = z.object({ message: z.string() }).meta({ id: "Message" });
export const registeredSchema = z
  .object({ message: z.string(), verificationRequired: z.literal(true) })
  .meta({ id: "Registered", description: "Identical whether or not the address already had an account." });
/** Register answers `Registered`, or a token response when the deployment does not require confirmation. */
export const registeredOrTokensSchema = z.union([registeredSchema, tokenResponseSchema]);
export const validSchema = z.object({ valid: z.literal(true) });
/**
 * A step-up's answer: `valid`, and, when it raised the session from aal1, the session's new token
 * pair (its earlier refresh tokens are superseded, so an aal1-era one never mints aal2 tokens).
 */
export const stepUpSchema = validSchema
  .extend(tokenResponseSchema.partial().shape)
  .meta({ id: "StepUp", description: "`{ valid: true }`, plus a new token pair when the step-up raised the session from aal1." });
export const existsSchema = z.object({ exists: z.boolean() });
export const verifiedSchema = z.object({ verified: z.literal(true), email: z.email() });
export const restoredEmailSchema = z.object({ message: z.string(), email: z.email() });

export const sessionSchema = z
  .object({
    id: z.string(),
    createdAt: timestamp,
    lastUsedAt: timestamp,
    expiresAt: timestamp,
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    current: z.boolean(),
  })
  .meta({ id: "Session" });

export const organizationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    requireMfa: z.boolean().meta({ description: "Members must have a second factor and sessions at aal2 to reach this organization." }),
    createdAt: timestamp,
    updatedAt: timestamp,
    role: role.nullable().meta({ description: "The caller's role; null when the caller is an API key." }),
    permissions: z.array(permissionSchema),
  })
  .meta({ id: "Organization" });
export const myOrganizationSchema = organizationSchema.extend({ active: z.boolean() }).meta({ id: "MyOrganization" });

export const memberSchema = z
  .object({
    id: z.string().meta({ description: "The member's user id (members are addressed by user id in every path); same as `userId`." }),
    userId: z.string(),
    email: z.email(),
    name: z.string(),
    role,
    joinedAt: timestamp,
  })
  .meta({ id: "Member" });

export const invitationSchema = z
  .object({
    id: z.string(),
    email: z.email(),
    role,
    invitedById: z.string().nullable(),
    createdAt: timestamp,
    expiresAt: timestamp,
    acceptedAt: timestamp.nullable(),
    revokedAt: timestamp.nullable(),
    status: z.enum(["pending", "accepted", "revoked", "expired"]),
  })
  .meta({ id: "Invitation" });

export const membershipSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    organizationId: z.string(),
    role,
    joinedAt: timestamp,
    organization: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
  })
  .meta({ id: "Membership" });

export const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().meta({ description: "The first characters of the secret, to tell keys apart." }),
    permissions: z.array(permissionSchema),
    createdAt: timestamp,
    lastUsedAt: timestamp.nullable(),
    expiresAt: timestamp.nullable(),
    createdById: z.string().nullable(),
  })
  .meta({ id: "ApiKey" });
export const createdApiKeySchema = apiKeySchema
  .extend({ key: z.string().meta({ description: "The secret. Shown this once; only its hash is stored." }) })
  .meta({ id: "CreatedApiKey" });

export const auditEntrySchema = z
  .object({
    id: z.string(),
    type: z
      .enum(EVENT_TYPES)
      .meta({ description: "The event (lib/events/types.ts: the one list the log, this document and webhooks share)." }),
    actorId: z.string().nullable(),
    actorType: z.enum(["user", "api_key"]),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: timestamp,
    metadata: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "AuditEntry" });

export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().meta({ description: "Pass as ?cursor= for the next page; null at the end." }),
  });
/** This document itself: described loosely, since OpenAPI's own schema is not ours to repeat. */
export const openApiDocumentSchema = z
  .object({
    openapi: z.string(),
    info: z.object({ title: z.string(), version: z.string() }).loose(),
    paths: z.record(z.string(), z.unknown()),
  })
  .loose();
export const healthSchema = z.object({ status: z.enum(["ok", "unavailable"]) });

export const mfaStatusSchema = z
  .object({
    enabled: z.boolean(),
    totp: z.boolean().meta({ description: "An authenticator app is enabled (a pending set-up does not count)." }),
    passkeys: z.number().int().meta({ description: "How many passkeys the account holds." }),
    recoveryCodesLeft: z.number().int(),
  })
  .meta({ id: "MfaStatus" });
export const totpSetupSchema = z
  .object({ secret: z.string().meta({ description: "Base32; shown this once." }), otpauthUrl: z.string() })
  .meta({ id: "TotpSetup" });
export const recoveryCodesSchema = z
  .object({ recoveryCodes: z.array(z.string()).meta({ description: "10 single-use codes, shown once." }) })
  .meta({ id: "RecoveryCodes" });
export const totpEnabledSchema = z
  .object({ recoveryCodes: z.array(z.string()).optional().meta({ description: "Only when this is the account's first factor." }) })
  .meta({ id: "TotpEnabled" });

// Passkeys (lib/passkeys): the WebAuthn options are the JSON forms of PublicKeyCredentialCreationOptions
// and PublicKeyCredentialRequestOptions (binary fields base64url), as @simplewebauthn/browser takes them.
const base64url = z.string().meta({ description: "base64url" });
const credentialDescriptor = z.object({ id: base64url, type: z.literal("public-key"), transports: z.array(z.string()).optional() });
export const passkeyCreationOptionsSchema = z
  .object({
    challenge: base64url,
    rp: z.object({ name: z.string(), id: z.string().optional() }),
    user: z.object({
      id: base64url.meta({ description: "The user handle (our user id, UTF-8, base64url)." }),
      name: z.string(),
      displayName: z.string(),
    }),
    pubKeyCredParams: z.array(z.object({ alg: z.number().int(), type: z.literal("public-key") })),
    timeout: z.number().int().optional(),
    attestation: z.enum(["none", "direct", "enterprise", "indirect"]).optional(),
    excludeCredentials: z
      .array(credentialDescriptor)
      .optional()
      .meta({ description: "The account's passkeys: an authenticator holding one declines to make another." }),
    authenticatorSelection: z
      .object({
        authenticatorAttachment: z.string().optional(),
        residentKey: z.string().optional(),
        requireResidentKey: z.boolean().optional(),
        userVerification: z.string().optional(),
      })
      .optional(),
    extensions: z.record(z.string(), z.unknown()).optional(),
    hints: z.array(z.string()).optional(),
  })
  .meta({
    id: "PasskeyCreationOptions",
    description: "Pass to navigator.credentials.create({ publicKey }) after decoding the base64url fields (or to startRegistration).",
  });
export const passkeyRequestOptionsSchema = z
  .object({
    challenge: base64url,
    rpId: z.string().optional(),
    timeout: z.number().int().optional(),
    allowCredentials: z
      .array(credentialDescriptor)
      .optional()
      .meta({ description: "With an mfaToken: the account's passkeys. Absent: any discoverable passkey may answer." }),
    userVerification: z.enum(["required", "preferred", "discouraged"]).optional(),
    extensions: z.record(z.string(), z.unknown()).optional(),
    hints: z.array(z.string()).optional(),
  })
  .meta({
    id: "PasskeyRequestOptions",
    description: "Pass to navigator.credentials.get({ publicKey }) after decoding the base64url fields (or to startAuthentication).",
  });
export const passkeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: timestamp,
    lastUsedAt: timestamp.nullable(),
    backedUp: z.boolean().meta({ description: "Synced to the person's other devices (a backed-up, multi-device passkey)." }),
  })
  .meta({ id: "Passkey" });
export const passkeyAddedSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: timestamp,
    recoveryCodes: z
      .array(z.string())
      .optional()
      .meta({ description: "Only when this is the account's first factor: 10 codes, shown once." }),
  })
  .meta({ id: "PasskeyAdded" });

export const webhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()).meta({ description: 'Event types delivered, or `["*"]`.' }),
    description: z.string(),
    enabled: z.boolean(),
    disabledReason: z.enum(["failing", "creator_removed"]).nullable().meta({
      description:
        "`failing`: turned off after 5 days of failed deliveries; `creator_removed`: the person who added it (or last turned it on) left or lost the right to manage webhooks; null: on, or turned off by an admin.",
    }),
    createdById: z
      .string()
      .nullable()
      .meta({ description: "Who added it, or last turned it on; it stops when they lose the right to manage webhooks." }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "WebhookEndpoint" });
export const createdWebhookEndpointSchema = webhookEndpointSchema
  .extend({ secret: z.string().meta({ description: "The signing secret (`whsec_…`). Shown this once; stored sealed." }) })
  .meta({ id: "CreatedWebhookEndpoint" });
export const webhookSecretSchema = z
  .object({ secret: z.string().meta({ description: "The new signing secret; the previous one keeps signing beside it for 24 hours." }) })
  .meta({ id: "WebhookSecret" });
export const webhookDeliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string().meta({ description: "The event's id: the `webhook-id` header and the body's `id`." }),
    type: z.string(),
    status: z.enum(["pending", "succeeded", "failed"]),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: timestamp.nullable(),
    createdAt: timestamp,
    lastAttemptAt: timestamp.nullable(),
    lastDurationMs: z.number().int().nullable(),
  })
  .meta({ id: "WebhookDelivery" });
export const webhookTestQueuedSchema = z
  .object({ eventId: z.string().meta({ description: "The test event's id (its `webhook-id`)." }) })
  .meta({ id: "WebhookTestQueued" });
export const cronRunSchema = z
  .object({ attempts: z.number().int(), succeeded: z.number().int(), failed: z.number().int() })
  .meta({ id: "CronRun" });

const adminOrganizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  role: z.enum(["owner", "admin", "member"]),
});
export const adminUserSummarySchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    emailVerified: z.boolean(),
    disabled: z.boolean(),
    mfaEnabled: z.boolean(),
    createdAt: timestamp,
    lastSignInAt: timestamp.nullable(),
    organizations: z.array(adminOrganizationSchema),
  })
  .meta({ id: "AdminUserSummary" });
export const adminUserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    emailVerified: z.boolean(),
    createdAt: timestamp,
    disabled: z.boolean(),
    disabledAt: timestamp.nullable(),
    disabledReason: z.string().nullable(),
    sessions: z.array(
      z.object({
        id: z.string(),
        createdAt: timestamp,
        lastUsedAt: timestamp,
        expiresAt: timestamp,
        ip: z.string().nullable(),
        userAgent: z.string().nullable(),
        aal: z.string(),
        amr: z.array(z.string()),
      }),
    ),
    organizations: z.array(adminOrganizationSchema.extend({ joinedAt: timestamp })),
    factors: z.object({
      totp: z.object({ enabledAt: timestamp }).nullable(),
      passkeys: z.array(z.object({ id: z.string(), name: z.string(), createdAt: timestamp, lastUsedAt: timestamp.nullable() })),
      recoveryCodesLeft: z.number().int(),
    }),
    providers: z.array(z.string()),
  })
  .meta({ id: "AdminUser" });

export const domainSchema = z
  .object({
    id: z.string(),
    domain: z.string().meta({ description: "Lower-case, international names in their ASCII (punycode) form." }),
    status: z.enum(["pending", "verified"]),
    verification: z.object({
      type: z.literal("dns-txt"),
      name: z.string().meta({ description: "`_keystone-verification.<domain>`" }),
      value: z.string().meta({ description: "The TXT record's value to publish." }),
    }),
    verifiedAt: z.date().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: "Domain" });

export const domainVerifiedSchema = domainSchema.meta({ id: "VerifiedDomain", description: 'The domain, with `status: "verified"`.' });

const certificateInfoSchema = z.object({
  sha256: z.string().nullable().meta({ description: "SHA-256 fingerprint, colon-separated hex." }),
  notAfter: z.date().nullable(),
});
const connectionBase = {
  id: z.string(),
  defaultRole: z.enum(["owner", "admin", "member"]),
  enforced: z.boolean(),
  idpEnforcesMfa: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
};
export const samlConnectionSchema = z
  .object({
    ...connectionBase,
    type: z.literal("saml"),
    idpEntityId: z.string().nullable(),
    idpSsoUrl: z.string().nullable(),
    idpCertificates: z
      .array(certificateInfoSchema)
      .meta({ description: "Fingerprints of the IdP's signing certificates (current, next)." }),
    spEntityId: z.string(),
    acsUrl: z.string(),
    spMetadataUrl: z.string(),
  })
  .meta({ id: "SamlConnection" });
export const oidcConnectionSchema = z
  .object({
    ...connectionBase,
    type: z.literal("oidc"),
    issuer: z.string().nullable(),
    clientId: z.string().nullable(),
    redirectUri: z.string(),
  })
  .meta({ id: "OidcConnection", description: "Never the client secret." });
export const ssoConnectionSchema = z.union([samlConnectionSchema, oidcConnectionSchema]).meta({ id: "SsoConnection" });

export const ssoStartSchema = z
  .object({ url: z.string().meta({ description: "The identity provider's sign-in URL." }) })
  .meta({ id: "SsoStart" });

export const oauthClientSchema = z
  .object({
    id: z.string().meta({ description: "The client_id." }),
    name: z.string(),
    type: z.enum(["confidential", "public"]),
    redirectUris: z.array(z.string()),
    postLogoutRedirectUris: z.array(z.string()),
    scopes: z.array(z.string()),
    firstParty: z.boolean().meta({ description: "No consent screen." }),
    idTokenSigningAlg: z.enum(ID_TOKEN_SIGNING_ALGORITHMS).meta({ description: "How its ID tokens are signed." }),
    createdAt: z.string(),
    updatedAt: z.string(),
    secretRotatedAt: z.string().nullable(),
  })
  .meta({ id: "OAuthClient", description: "Never the secret." });
export const oauthClientWithSecretSchema = oauthClientSchema
  .extend({ clientSecret: z.string().meta({ description: "Shown once: only its hash is kept." }) })
  .meta({ id: "OAuthClientWithSecret" });
export const oauthClientListSchema = z.object({ items: z.array(oauthClientSchema) }).meta({ id: "OAuthClientList" });
export const oauthClientCreatedSchema = oauthClientSchema
  .extend({
    clientSecret: z.string().optional().meta({ description: "A confidential client's secret, shown once: only its hash is kept." }),
  })
  .meta({ id: "OAuthClientCreated" });

const algorithmSchema = z.enum(["ES256", "EdDSA", "RS256"]);
export const signingKeySchema = z
  .object({
    kid: z.string(),
    algorithm: algorithmSchema,
    state: z.enum(["pending", "active", "retiring"]).meta({
      description:
        "pending: published, not signing yet; active: signs; retiring: replaced, still published (and verifying) until `publishedUntil`.",
    }),
    createdAt: timestamp.meta({ description: "Published since." }),
    activatesAt: timestamp.meta({ description: "Signs from (createdAt + JWKS_PUBLISH_DELAY_SECONDS)." }),
    retiresAt: timestamp.nullable().meta({ description: "Its successor's activatesAt; null while it has none." }),
    publishedUntil: timestamp.nullable().meta({ description: "retiresAt plus the longest lifetime of what it signed." }),
  })
  .meta({ id: "SigningKey", description: "Never a private part." });
export const rotatedKeySchema = z
  .object({ kid: z.string(), algorithm: algorithmSchema, activatesAt: timestamp })
  .meta({ id: "RotatedSigningKey" });
