// The DNS stand-in the integration setup starts (scripts/lib/dns-standin.ts), driven from a test:
// the app resolves through it because the setup sets DNS_SERVERS; a test publishes or removes
// TXT records through its control port (DNS_CONTROL_URL). Names are case-insensitive; records
// are shared by every test file of the run, so use a domain of your own (uniqueDomain()).
import { randomBytes } from "node:crypto";

function controlUrl(): string {
  // Integration tests get DNS_CONTROL_URL from their setup; Playwright's config sets E2E_DNS_CONTROL_URL.
  const url = process.env.DNS_CONTROL_URL ?? process.env.E2E_DNS_CONTROL_URL;
  if (!url) throw new Error("DNS_CONTROL_URL is not set: the integration setup (tests/support/global-setup.ts) starts the DNS stand-in");
  return url;
}

async function control(method: "PUT" | "DELETE", name: string, body?: unknown) {
  const res = await fetch(`${controlUrl()}/txt/${encodeURIComponent(name)}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`DNS stand-in: ${method} ${name} answered ${res.status} ${await res.text()}`);
}

/** Publishes the TXT records of `name` (replacing any), one record per value. */
export const setTxt = (name: string, values: string[]) => control("PUT", name, values);

/** Removes every TXT record of `name`: it answers NXDOMAIN again. */
export const clearTxt = (name: string) => control("DELETE", name);

/** The record name the app reads to verify `domain`. */
export const verificationRecordName = (domain: string) => `_keystone-verification.${domain}`;

/** A domain no other test uses (an .test name, RFC 2606). */
export const uniqueDomain = (label = "acme") => `${label}-${randomBytes(4).toString("hex")}.test`;
