// Reads what the app sent through the real Resend SDK from the local stand-in.
export interface CapturedEmail {
  to: string[];
  subject: string;
  html: string;
  text: string;
}

export async function emailsTo(address: string): Promise<CapturedEmail[]> {
  const response = await fetch(`${process.env.MAIL_STANDIN_URL}/emails?to=${encodeURIComponent(address)}`);
  return ((await response.json()) as { items: CapturedEmail[] }).items;
}

export async function latestEmailTo(address: string): Promise<CapturedEmail> {
  const [latest] = await emailsTo(address);
  if (!latest) throw new Error(`No email was sent to ${address}`);
  return latest;
}

export const codeIn = (email: CapturedEmail) => /\b(\d{6})\b/.exec(email.text)?.[1] ?? null;
export const linkTokenIn = (email: CapturedEmail, pathPrefix: string) =>
  new RegExp(`${pathPrefix.replace(/[/]/g, "\\/")}([A-Za-z0-9_-]{20,})`).exec(email.text)?.[1] ?? null;

export async function failNextEmails(count: number) {
  await fetch(`${process.env.MAIL_STANDIN_URL}/__fail`, { method: "POST", body: JSON.stringify({ count }) });
}
