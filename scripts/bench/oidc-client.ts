// The OpenID Provider scenarios' client (oidc.ts), registered through the registry's own use case
// (lib/oauth/clients.ts), as the admin API does, in a child process (with-lib.ts): a confidential,
// first-party client (no consent page) allowed offline_access, whose redirect URI is never dialled.
//   tsx --conditions=react-server scripts/bench/oidc-client.ts <adminUserId> <redirectUri> [RS256|ES256]
// with the app's DATABASE_URL and DATA_DIR. Prints its id and its secret (shown once).
import type { AdminPrincipal } from "../../lib/admin/access";
import { createOAuthClient } from "../../lib/oauth/clients";
import { createOAuthClientSchema } from "../../lib/validation/oauth-clients";

const [adminUserId, redirectUri, idTokenSigningAlg = "RS256"] = process.argv.slice(2);
if (!adminUserId || !redirectUri) {
  console.error("usage: oidc-client.ts <adminUserId> <redirectUri>");
  process.exit(2);
}
// The registry records who registered the client; the admin routes' checks are not what is measured.
const admin: AdminPrincipal = {
  kind: "user",
  userId: adminUserId,
  sessionId: "bench",
  organizationId: null,
  stepUpUntil: null,
  aal: "aal2",
  via: "bearer",
};
const input = createOAuthClientSchema.parse({
  name: "Bench",
  type: "confidential",
  redirectUris: [redirectUri],
  scopes: ["openid", "profile", "email", "offline_access"],
  firstParty: true,
  idTokenSigningAlg,
});
const created = await createOAuthClient(admin, input, { ip: "127.0.0.1", userAgent: "bench" });
console.log(JSON.stringify({ id: created.id, clientSecret: created.clientSecret }));
process.exit(0);
