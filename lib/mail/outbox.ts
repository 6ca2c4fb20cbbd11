import "server-only";
import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { config } from "@/lib/config/env";
import { isDirectLocalClient } from "@/lib/http/launcher";

// The development transport: each message is a JSON file in the outbox folder, readable at
// /dev/outbox. Used when no RESEND_API_KEY is set.

export interface StoredEmail {
  id: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  createdAt: string;
}

export async function writeToOutbox(message: Omit<StoredEmail, "id" | "createdAt">): Promise<string> {
  const dir = config().mailOutboxDir;
  await mkdir(dir, { recursive: true });
  const createdAt = new Date().toISOString();
  const id = `${createdAt.replace(/[:.]/g, "-")}-${randomUUID().slice(0, 8)}`;
  await writeFile(path.join(dir, `${id}.json`), JSON.stringify({ id, createdAt, ...message }, null, 2));
  return id;
}

export async function readOutbox(options: { to?: string; limit?: number } = {}): Promise<StoredEmail[]> {
  const dir = config().mailOutboxDir;
  const files = await readdir(dir).catch(() => [] as string[]);
  const newestFirst = files
    .filter((f) => f.endsWith(".json"))
    .sort()
    .reverse();
  const out: StoredEmail[] = [];
  for (const file of newestFirst) {
    const email = JSON.parse(await readFile(path.join(dir, file), "utf8")) as StoredEmail;
    if (options.to && !email.to.some((t) => t.toLowerCase() === options.to!.toLowerCase())) continue;
    out.push(email);
    if (out.length >= (options.limit ?? 50)) break;
  }
  return out;
}

/** The outbox exists only on a local run (the launcher turns it on), never on a deployment. */
export const outboxIsEnabled = () => process.env.MAIL_OUTBOX_UI === "true" && !config().RESEND_API_KEY;

/**
 * Who may read it: only a client on this machine, judged from the socket the launcher accepted
 * (`npm start` listens on every interface, and the outbox holds reset links for every account).
 * Never from a header, which anyone can send.
 */
export const outboxIsReadable = () => outboxIsEnabled() && isDirectLocalClient();
