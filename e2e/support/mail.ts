// Reads what the app sent (through the real Resend SDK) from the local stand-in.

interface CapturedEmail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

const standIn = () => process.env.E2E_STANDIN_URL ?? "http://127.0.0.1:4110";

async function emailsTo(address: string): Promise<CapturedEmail[]> {
  const response = await fetch(`${standIn()}/emails?to=${encodeURIComponent(address)}`);
  return ((await response.json()) as { items: CapturedEmail[] }).items;
}

/** The newest email to `address` whose subject matches, waiting for it to arrive. */
export async function waitForEmail(address: string, subject: RegExp, options: { after?: number } = {}): Promise<CapturedEmail> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const items = await emailsTo(address);
    const match = items.slice(0, Math.max(0, items.length - (options.after ?? 0))).find((e) => subject.test(e.subject));
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`No email matching ${subject} reached ${address}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export const countEmails = async (address: string) => (await emailsTo(address)).length;

export function codeIn(email: CapturedEmail): string {
  const code = /\b(\d{6})\b/.exec(email.text)?.[1];
  if (!code) throw new Error(`No 6-digit code in "${email.subject}"`);
  return code;
}

/** The app link in the email's text part, e.g. /reset-password/<token>. */
export function linkIn(email: CapturedEmail, pathPrefix: string): string {
  const match = new RegExp(`https?://[^\\s"<>]+${pathPrefix.replace(/\//g, "\\/")}[A-Za-z0-9_-]+`).exec(email.text);
  if (!match) throw new Error(`No ${pathPrefix} link in "${email.subject}"`);
  return new URL(match[0]).pathname;
}
