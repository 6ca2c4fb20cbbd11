// The API operations that need a credential, for the proxy's cheap first check. A plain table so
// the proxy stays small; tests/integration/openapi.test.ts keeps it equal to the operations the
// OpenAPI document marks as secured. A method not listed for a path passes through, so the route
// answers it (405 with Allow), as it would with credentials.

export const PROTECTED_API: readonly { path: string; methods: readonly string[] }[] = [
  { path: "/api/auth/logout", methods: ["POST"] },
  { path: "/api/auth/switch-org", methods: ["POST"] },
  { path: "/api/auth/sessions", methods: ["GET"] },
  { path: "/api/auth/sessions/{sid}", methods: ["DELETE"] },
  { path: "/api/auth/profile", methods: ["GET", "PATCH", "PUT"] },
  { path: "/api/auth/user", methods: ["GET"] },
  { path: "/api/auth/change-password", methods: ["POST", "PATCH"] },
  { path: "/api/auth/check-password", methods: ["POST"] },
  { path: "/api/auth/mfa", methods: ["GET"] },
  { path: "/api/auth/mfa/totp/setup", methods: ["POST"] },
  { path: "/api/auth/mfa/totp/enable", methods: ["POST"] },
  { path: "/api/auth/mfa/totp", methods: ["DELETE"] },
  { path: "/api/auth/mfa/recovery-codes", methods: ["POST"] },
  { path: "/api/auth/mfa/step-up", methods: ["POST"] },
  { path: "/api/auth/passkeys", methods: ["GET"] },
  { path: "/api/auth/passkeys/{id}", methods: ["PATCH", "DELETE"] },
  { path: "/api/auth/passkeys/register/options", methods: ["POST"] },
  { path: "/api/auth/passkeys/register/verify", methods: ["POST"] },
  { path: "/api/organizations", methods: ["GET", "POST"] },
  { path: "/api/organizations/{orgId}", methods: ["GET", "PATCH", "DELETE"] },
  { path: "/api/organizations/{orgId}/members", methods: ["GET"] },
  { path: "/api/organizations/{orgId}/members/{userId}", methods: ["PATCH", "DELETE"] },
  { path: "/api/organizations/{orgId}/invitations", methods: ["GET", "POST"] },
  { path: "/api/organizations/{orgId}/invitations/{id}", methods: ["DELETE"] },
  { path: "/api/invitations/{token}/accept", methods: ["POST"] },
  { path: "/api/organizations/{orgId}/api-keys", methods: ["GET", "POST"] },
  { path: "/api/organizations/{orgId}/api-keys/{id}", methods: ["DELETE"] },
  { path: "/api/organizations/{orgId}/audit-log", methods: ["GET"] },
];

const compiled = PROTECTED_API.map((op) => ({
  pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "[^/]+")}/?$`),
  methods: new Set([...op.methods, ...(op.methods.includes("GET") ? ["HEAD"] : [])]),
}));

export const needsCredentials = (method: string, pathname: string) =>
  compiled.some((op) => op.methods.has(method) && op.pattern.test(pathname));
