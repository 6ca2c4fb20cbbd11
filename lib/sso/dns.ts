import "server-only";
import { Resolver } from "node:dns/promises";
import { config } from "@/lib/config/env";

// Domain verification reads one TXT record: `_keystone-verification.<domain>`. DNS_SERVERS names
// the resolvers (the tests run a local DNS server); unset, the system's are asked.

export const VERIFICATION_PREFIX = "_keystone-verification";

/** The TXT values at the domain's verification name; empty when there are none (or no such name). */
export async function verificationRecords(domain: string): Promise<string[]> {
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  const servers = config().DNS_SERVERS;
  if (servers.length) resolver.setServers(servers);
  try {
    // A TXT record may be split into several strings of at most 255 bytes: they form one value.
    return (await resolver.resolveTxt(`${VERIFICATION_PREFIX}.${domain}`)).map((chunks) => chunks.join(""));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ENOTFOUND" || code === "ENODATA" || code === "ENOTIMP" || code === "EREFUSED" || code === "ESERVFAIL") return [];
    throw error;
  }
}
