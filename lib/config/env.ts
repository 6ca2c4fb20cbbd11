import "server-only";
import * as z from "zod";
import { dataDir, loadOrCreateDevSecrets } from "./dev-secrets";

// Every environment variable the app reads, validated once. The README's configuration table
// mirrors this schema; keep them together.

const bool = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no", ""])
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : ["true", "1", "yes"].includes(v)));
const int = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const secret = z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -base64 32`)");
/** Comma-separated secrets, each held to the same rule; a message names the entry, never its value. */
const secretList = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const entries = (value ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    entries.forEach((entry, i) => {
      if (entry.length < 32)
        ctx.addIssue({ code: "custom", message: `entry ${i + 1} must be at least 32 characters (e.g. \`openssl rand -base64 32\`)` });
    });
    return entries;
  });

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  APP_URL: z.url().optional(),
  PORT: z.coerce.number().int().optional(),
  DATABASE_URL: z.string().min(1, "is required (the launcher sets it for the embedded PostgreSQL)"),
  // The one pg pool of a process (lib/db/pool.ts): see the README's "Connection poolers".
  DATABASE_POOL_MAX: int(process.env.VERCEL ? 3 : 10, 1, 1000),
  DATABASE_PREPARED_STATEMENTS: bool(false),
  DATABASE_CONNECT_TIMEOUT_MS: int(5000, 100, 120_000),
  DATABASE_STATEMENT_TIMEOUT_MS: int(10_000, 100, 600_000),
  AUTH_SECRET: secret.optional(),
  // Old AUTH_SECRETs, still accepted (cookies, code digests, link intents) but never used to sign.
  AUTH_PREVIOUS_SECRETS: secretList,
  // The key family of authenticator-app secrets and recovery codes (lib/mfa/keyring.ts): apart
  // from AUTH_SECRET, so rotating the cookie secret after a leak strands no second factor.
  MFA_ENCRYPTION_KEY: secret.optional(),
  MFA_ENCRYPTION_PREVIOUS_KEYS: secretList,
  JWT_SECRET: secret.optional(),
  JWT_PREVIOUS_SECRETS: z.string().optional(),
  JWT_AUDIENCE: z.string().default("api"),
  JWT_ISSUER: z.string().optional(),
  // How first-party access tokens are signed: HS256 with JWT_SECRET, or the active asymmetric key of
  // that algorithm (lib/keys), whose public half anyone can fetch at /.well-known/jwks.json.
  JWT_ALGORITHM: z.enum(["HS256", "ES256", "EdDSA"]).default("HS256"),
  // A new signing key is published this long before it signs, so every cache of the JWKS has it.
  JWKS_PUBLISH_DELAY_SECONDS: int(600, 0, 30 * 86_400),
  ACCESS_TOKEN_TTL_SECONDS: int(3600, 60, 86_400),
  REFRESH_TOKEN_TTL_SECONDS: int(7 * 86_400, 300, 90 * 86_400),
  BCRYPT_COST: int(12, 4, 15),
  HASH_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  HASH_QUEUE_LIMIT: int(256, 1, 100_000),
  EMAIL_CONFIRMATION_REQUIRED: bool(true),
  STEP_UP_WINDOW_SECONDS: int(600, 30, 86_400),
  MAX_BODY_BYTES: int(1_048_576, 1024, 50 * 1_048_576),
  // false: client addresses come from the launcher's socket; production outside the launcher then
  // refuses to start (lib/http/client-info.ts), since the header would be the client's own.
  TRUST_PROXY: bool(process.env.VERCEL === "1"),
  RATE_LIMITS_ENABLED: bool(true),
  RATE_LIMIT_SCALE: z.coerce.number().positive().default(1),
  RESEND_API_KEY: z.string().optional(),
  RESEND_BASE_URL: z.url().optional(),
  EMAIL_FROM: z.string().default("Auth <no-reply@localhost>"),
  MAIL_OUTBOX_DIR: z.string().optional(),
  // WebAuthn relying party: the id is a registrable domain the passkeys are bound to (default
  // APP_URL's host); the expected origin is always APP_URL.
  WEBAUTHN_RP_ID: z
    .string()
    .regex(/^[a-z0-9.-]+$/i, "is a host name without scheme or port (e.g. example.com)")
    .optional(),
  WEBAUTHN_RP_NAME: z.string().min(1).default("Keystone Auth"),
  // Webhooks (lib/webhooks). Private, loopback and other non-public addresses are refused in
  // production unless this is set (elsewhere it defaults to on, for local receivers); the
  // launcher sets it for its embedded database (a local try-out), and a production start with
  // it on says so in the log.
  WEBHOOKS_ALLOW_PRIVATE_URLS: bool(process.env.NODE_ENV !== "production"),
  WEBHOOKS_POLL_INTERVAL_MS: int(5000, 100, 600_000),
  // A claimed delivery whose claimant died is claimed again after this long (> the 10 s send timeout).
  WEBHOOKS_LEASE_SECONDS: int(60, 2, 3600),
  WEBHOOKS_CONCURRENCY: int(32, 1, 1000),
  WEBHOOKS_RETENTION_DAYS: int(30, 1, 3650),
  // Vercel Cron sends it as a Bearer token to /api/cron/webhooks; unset, the route answers 404.
  CRON_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  // Instance administrators by address (confirmed accounts only); `npm run admin:grant` names others.
  ADMIN_EMAILS: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? "")
        .split(",")
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  // The resolvers asked for domain-verification TXT records (host or host:port, comma-separated);
  // unset, the system's. The tests run a local DNS server.
  DNS_SERVERS: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
});

export type Env = ReturnType<typeof buildConfig>;

export interface PreviousJwtSecret {
  secret: string;
  /** When this secret stopped signing: only tokens issued before it are accepted with it. */
  rotatedAt: Date;
}

/**
 * JWT_PREVIOUS_SECRETS: comma-separated `secret@rotation-time` (ISO 8601, or Unix seconds). A
 * secret listed without a time (the older syntax) counts as rotated when this process read its
 * configuration: an upper bound on the real moment, since the new secret was live by then.
 */
function parsePreviousSecrets(value: string | undefined, loadedAt: Date): PreviousJwtSecret[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.lastIndexOf("@");
      if (at < 0) return { secret: entry, rotatedAt: loadedAt };
      const time = entry.slice(at + 1);
      const rotatedAt = /^\d+$/.test(time)
        ? new Date(Number(time) * 1000)
        : /^\d{4}-\d\d-\d\dT/.test(time)
          ? new Date(time)
          : new Date(NaN);
      if (Number.isNaN(rotatedAt.getTime())) {
        throw new Error(
          "Invalid configuration:\n  JWT_PREVIOUS_SECRETS: each entry is `secret` or `secret@<rotation time>` (ISO 8601 such as 2026-11-20T10:00:00Z, or Unix seconds).",
        );
      }
      return { secret: entry.slice(0, at), rotatedAt };
    });
}

function buildConfig(source: NodeJS.ProcessEnv) {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === "production" && source.ALLOW_DEV_SECRETS !== "1";
  let { AUTH_SECRET, JWT_SECRET } = env;
  if (!AUTH_SECRET || !JWT_SECRET) {
    if (production) {
      const missing = !AUTH_SECRET ? "AUTH_SECRET" : "JWT_SECRET";
      throw new Error(`${missing} is required in production (generate one with \`openssl rand -base64 32\`).`);
    }
    const dev = loadOrCreateDevSecrets();
    AUTH_SECRET ??= dev.AUTH_SECRET;
    JWT_SECRET ??= dev.JWT_SECRET;
  }
  // The point of a separate MFA key is that a leaked cookie secret does not open it.
  if (env.MFA_ENCRYPTION_KEY && (env.MFA_ENCRYPTION_KEY === AUTH_SECRET || env.MFA_ENCRYPTION_KEY === JWT_SECRET)) {
    throw new Error(
      "Invalid configuration:\n  MFA_ENCRYPTION_KEY: must differ from AUTH_SECRET and JWT_SECRET (generate one with `openssl rand -base64 32`).",
    );
  }
  const appUrl = (env.APP_URL ?? `http://localhost:${env.PORT ?? 3000}`).replace(/\/$/, "");
  const appHost = new URL(appUrl).hostname.toLowerCase();
  const webauthnRpId = (env.WEBAUTHN_RP_ID ?? appHost).toLowerCase();
  // Browsers refuse an RP id that is not APP_URL's host or a parent domain of it: say so at start.
  if (appHost !== webauthnRpId && !appHost.endsWith(`.${webauthnRpId}`)) {
    throw new Error(`Invalid configuration:\n  WEBAUTHN_RP_ID: must be APP_URL's host (${appHost}) or a parent domain of it.`);
  }
  return {
    ...env,
    AUTH_SECRET,
    JWT_SECRET,
    /** AUTH_SECRET first (it signs), then the previous ones (they only verify). */
    authSecrets: [AUTH_SECRET, ...env.AUTH_PREVIOUS_SECRETS.filter((s) => s !== AUTH_SECRET)],
    appUrl,
    jwtIssuer: env.JWT_ISSUER ?? appUrl,
    webauthnRpId,
    jwtPreviousSecrets: parsePreviousSecrets(env.JWT_PREVIOUS_SECRETS, new Date()),
    mailOutboxDir: env.MAIL_OUTBOX_DIR ?? `${dataDir()}/outbox`,
    isProduction: env.NODE_ENV === "production",
    /** What a webhook URL may reach: lifting the address rule (a local setup) lifts "https only in production" too. */
    webhookAddressRule: {
      allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE_URLS,
      requireHttps: env.NODE_ENV === "production" && !env.WEBHOOKS_ALLOW_PRIVATE_URLS,
    },
  };
}

let cached: Env | undefined;

/** The validated configuration; read lazily so `next build` never needs runtime secrets. */
export function config(): Env {
  cached ??= buildConfig(process.env);
  return cached;
}

/** For tests that change the environment between cases. */
export function resetConfigForTests() {
  cached = undefined;
}
