import "server-only";
import { randomToken, sha256 } from "@/lib/auth/crypto";

// Keys look like `ak_<43 base64url chars>`: the prefix makes a leaked key easy to recognise
// (secret scanners, logs), and 256 random bits make a fast SHA-256 the right storage hash.

export const API_KEY_PREFIX = "ak_";
/** How much of the secret lists show, so a person can tell keys apart; reveals 48 of 256 bits. */
const SHOWN_CHARS = API_KEY_PREFIX.length + 8;

export function newApiKeySecret() {
  const key = `${API_KEY_PREFIX}${randomToken(32)}`;
  return { key, prefix: key.slice(0, SHOWN_CHARS), keyHash: sha256(key) };
}

export const apiKeyHash = (key: string) => sha256(key);

export const looksLikeApiKey = (key: string) => key.startsWith(API_KEY_PREFIX) && key.length > SHOWN_CHARS && key.length <= 128;
