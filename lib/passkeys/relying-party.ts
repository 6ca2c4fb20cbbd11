import "server-only";
import { COSEALG } from "@simplewebauthn/server/helpers";
import { config } from "@/lib/config/env";

// Who we are to an authenticator. The RP id scopes every passkey (a passkey made for one RP id
// never answers another); the origin is the page the browser says the ceremony ran on, and must
// be APP_URL exactly: a phishing page on another origin gets a response we refuse.

export const relyingParty = () => ({
  id: config().webauthnRpId,
  name: config().WEBAUTHN_RP_NAME,
  origin: new URL(config().appUrl).origin,
});

/** Challenges (and the browser's own timeout) last as long as an mfaToken: 5 minutes. */
export const CEREMONY_TTL_MS = 5 * 60 * 1000;

/**
 * The key algorithms a new passkey may use, offered and checked: EdDSA, ES256, RS256, whatever
 * the Node version. @simplewebauthn/server's default puts ML-DSA-44 first where the runtime's Web
 * Crypto verifies it (Node 24.22 does, as an experimental feature; Node 20 does not): a passkey
 * made there could not sign in once the app runs on an older Node that `engines` allows
 * (PQCNotSupportedError).
 */
export const PASSKEY_ALGORITHMS = [COSEALG.EdDSA, COSEALG.ES256, COSEALG.RS256];
