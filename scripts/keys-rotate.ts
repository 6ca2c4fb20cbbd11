// `npm run keys:rotate`: a new signing key for every algorithm (ES256, EdDSA, RS256), published at
// once in /.well-known/jwks.json and signing after JWKS_PUBLISH_DELAY_SECONDS. The keys it
// replaces keep verifying until what they signed has expired: nobody is signed out (README, "Signing
// keys"). Recorded as `keys.rotated` in the instance log. Prints kids and times, never a key.
// Run it with the app's environment (the secret box needs the same MFA_ENCRYPTION_KEY or
// AUTH_SECRET as the app, or the app cannot open the new private keys). With DATABASE_URL it works
// on that database; without it, on the embedded PostgreSQL of `npm start` with its generated
// development secrets (stop the app first: both want its port).
import { loadOrCreateDevSecrets } from "../lib/config/dev-secrets";
import { prepareLocalDatabase } from "./lib/local-database";

if (process.env.DATABASE_URL && !process.env.AUTH_SECRET) {
  console.error("AUTH_SECRET is not set: run this with the deployment's environment (AUTH_SECRET, MFA_ENCRYPTION_KEY).");
  process.exit(2);
}
const database = process.env.DATABASE_URL ? null : await prepareLocalDatabase();
if (database) {
  process.env.DATABASE_URL = database.url;
  Object.assign(process.env, { ...loadOrCreateDevSecrets(), ...process.env });
}

// Imported after the environment is ready: the configuration is read on first use.
const { rotateSigningKeys } = await import("../lib/keys/rotate");
const keys = await rotateSigningKeys({ actorId: null });
for (const key of keys) console.log(`${key.algorithm.padEnd(6)} ${key.kid}  signs from ${key.activatesAt}`);
console.log("The keys they replace stay published until every token they signed has expired.");
await database?.stop();
process.exit(0);
