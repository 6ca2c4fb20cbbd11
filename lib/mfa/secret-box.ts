import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { config } from "@/lib/config/env";

// TOTP secrets must be readable by the server (it computes the codes), so they cannot be hashed:
// they are sealed with AES-256-GCM under a key derived from AUTH_SECRET. A stolen database alone
// yields no secret; a stolen database plus the environment does (see SECURITY.md).

const VERSION = "v1";

function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", config().AUTH_SECRET, "keystone-auth", "totp-secret-v1", 32));
}

export function seal(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), sealed.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

export function open(box: string): string {
  const [version, iv, sealed, tag] = box.split(".");
  if (version !== VERSION || !iv || !sealed || !tag) throw new Error("Unknown sealed-secret format");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(sealed, "base64url")), decipher.final()]).toString("utf8");
}
