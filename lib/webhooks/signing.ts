import "server-only";
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { open, seal } from "@/lib/mfa/secret-box";

// Endpoint secrets and signatures. The server must sign with the secret, so it cannot be hashed:
// it is sealed like a TOTP secret (AES-256-GCM under the MFA key family, bound to the endpoint's
// id), and re-sealed by `npm run secrets:reseal`. Signing is the standardwebhooks package, the
// specification's reference implementation, so receivers verify with the same code.

/** whsec_ + 32 random bytes in base64, the format the specification's libraries read. */
export const newEndpointSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

/** The box is bound to its endpoint: copied to another row, it does not open. */
export const webhookSecretContext = (endpointId: string) => `webhook:${endpointId}`;

export const sealEndpointSecret = (endpointId: string, secret: string) => seal(secret, webhookSecretContext(endpointId));
export const openEndpointSecret = (endpointId: string, box: string) => open(box, webhookSecretContext(endpointId));

export interface SignedHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/**
 * The three Standard Webhooks headers for one attempt. During a rotation the previous secret signs
 * too (space-separated), so a receiver still holding it keeps verifying for 24 hours.
 */
export function signDelivery(
  eventId: string,
  payload: string,
  secrets: { current: string; previous: string | null },
  at: Date = new Date(),
): SignedHeaders {
  const signatures = [secrets.current, secrets.previous]
    .filter((secret): secret is string => secret !== null)
    .map((secret) => new Webhook(secret).sign(eventId, at, payload));
  return {
    "webhook-id": eventId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}
