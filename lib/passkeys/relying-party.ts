import "server-only";
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
