// Reads what the app sent through the real Resend SDK from the local stand-in.
export interface CapturedEmail {
  to: string[];
  subject: string;
  html: string;
  text: string;
  createdAt: string;
}

export async function emailsTo(address: string): Promise<CapturedEmail[]> {
  const response = await fetch(`${process.env.MAIL_STANDIN_URL}/emails?to=${encodeURIComponent(address)}`);
  return ((await response.json()) as { items: CapturedEmail[] }).items;
}

/**
 * The newest message to `address`. Some endpoints send after answering (so their timing says
 * nothing about the account), hence the short wait; `after` (a Date) skips older messages.
 */
export async function latestEmailTo(
  address: string,
  options: { after?: Date; subject?: RegExp; timeoutMs?: number } = {},
): Promise<CapturedEmail> {
  const deadline = Date.now() + (options.timeoutMs ?? 3000);
  for (;;) {
    // `after` alone can match a message sent in the same millisecond; `subject` pins the kind.
    const latest = (await emailsTo(address)).find(
      (e) => (!options.after || new Date(e.createdAt) >= options.after) && (!options.subject || options.subject.test(e.subject)),
    );
    if (latest) return latest;
    if (Date.now() > deadline) throw new Error(`No email was sent to ${address}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const codeIn = (email: CapturedEmail) => /\b(\d{6})\b/.exec(email.text)?.[1] ?? null;
export const linkTokenIn = (email: CapturedEmail, pathPrefix: string) =>
  new RegExp(`${pathPrefix.replace(/[/]/g, "\\/")}([A-Za-z0-9_-]{20,})`).exec(email.text)?.[1] ?? null;

export async function failNextEmails(count: number) {
  await fetch(`${process.env.MAIL_STANDIN_URL}/__fail`, { method: "POST", body: JSON.stringify({ count }) });
}

/** Waits until `address` has received `count` messages (for mail sent after the response). */
export async function waitForEmails(address: string, count: number, timeoutMs = 3000): Promise<CapturedEmail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const emails = await emailsTo(address);
    if (emails.length >= count) return emails;
    if (Date.now() > deadline) throw new Error(`${address} received ${emails.length} of ${count} expected emails`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
