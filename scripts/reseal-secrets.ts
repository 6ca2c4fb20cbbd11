// `npm run secrets:reseal`: re-seals every authenticator-app secret (pending setups included) and
// every unused recovery-code digest under the current MFA key (MFA_ENCRYPTION_KEY, else the key
// derived from AUTH_SECRET), so MFA_ENCRYPTION_PREVIOUS_KEYS and AUTH_PREVIOUS_SECRETS can be
// dropped afterwards (README, "Rotating secrets"). Prints counts, never a secret. Safe to run
// again, and while the app serves: each row is rewritten only if nobody changed it meanwhile.
//
// Run it with the app's environment (the same AUTH_SECRET, AUTH_PREVIOUS_SECRETS,
// MFA_ENCRYPTION_KEY and MFA_ENCRYPTION_PREVIOUS_KEYS as the deployment). With DATABASE_URL it
// works on that database as it is (no migrations); without it, on the embedded PostgreSQL of
// `npm start` with its generated development secrets (stop the app first: both want its port).
// Exit status 1 when some row no configured key opens: those still need a key, or an operator.
import { loadOrCreateDevSecrets } from "../lib/config/dev-secrets";
import { prepareLocalDatabase } from "./lib/local-database";

if (process.env.DATABASE_URL && !process.env.AUTH_SECRET) {
  // Without it the configuration would fall back to generated development secrets, and every
  // box would look unopenable: say what is missing instead.
  console.error(
    "AUTH_SECRET is not set: run this with the deployment's environment (AUTH_SECRET, MFA_ENCRYPTION_KEY, and the previous keys).",
  );
  process.exit(2);
}
const database = process.env.DATABASE_URL ? null : await prepareLocalDatabase();
if (database) {
  process.env.DATABASE_URL = database.url;
  Object.assign(process.env, { ...loadOrCreateDevSecrets(), ...process.env });
}

// Imported after the environment is ready: the configuration is read on first use.
const { db } = await import("../lib/db/client");
const { resealMfaSecrets, resealComplete } = await import("../lib/mfa/reseal");

let exitCode = 0;
try {
  const report = await resealMfaSecrets();
  console.log(`Current MFA key: kid ${report.currentKid} (from ${report.currentSource})`);
  console.log(`Keys that open: ${report.keys.map((k) => `${k.kid} (${k.source})`).join(", ")}`);
  for (const [label, counts] of [
    ["Authenticator apps (incl. pending setups)", report.totpFactors],
    ["Unused recovery codes", report.recoveryCodes],
    ["Webhook signing secrets", report.webhookSecrets],
    ["Private signing keys (JWKS)", report.signingKeys],
  ] as const) {
    const missing = Object.entries(counts.unopenable).map(([kid, n]) => `${n} under kid ${kid}`);
    console.log(
      `${label}: ${counts.resealed} re-sealed, ${counts.current} already current, ${counts.changedMeanwhile} changed meanwhile (left as they are)` +
        (missing.length ? `, UNOPENABLE: ${missing.join(", ")}` : ""),
    );
    if (counts.legacy) {
      console.log(
        `  ${counts.legacy} recovery codes predate sealed digests: they verify with AUTH_SECRET or AUTH_PREVIOUS_SECRETS until used or regenerated.`,
      );
    }
  }
  if (resealComplete(report)) {
    console.log(
      "Done: MFA_ENCRYPTION_PREVIOUS_KEYS can be emptied" +
        (report.recoveryCodes.legacy ? "." : ", and AUTH_PREVIOUS_SECRETS no longer matters to second factors."),
    );
  } else {
    console.log(
      "Some secrets open with no configured key: add the key they name back (MFA_ENCRYPTION_PREVIOUS_KEYS, AUTH_PREVIOUS_SECRETS) and run again, or remove those factors.",
    );
    exitCode = 1;
  }
} finally {
  await db().$disconnect();
  await database?.stop();
}
process.exit(exitCode);
