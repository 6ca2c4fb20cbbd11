// Runs the DNS stand-in as its own process (Playwright's webServer starts it for e2e):
// DNS over UDP and TCP on DNS_STANDIN_PORT, its HTTP control on DNS_STANDIN_CONTROL_PORT
// (scripts/lib/dns-standin.ts). Records may be seeded from DNS_STANDIN_TXT, a JSON object of
// name → string[].
import { startDnsStandIn } from "./lib/dns-standin";

const standIn = await startDnsStandIn({
  port: Number(process.env.DNS_STANDIN_PORT ?? 4060),
  controlPort: Number(process.env.DNS_STANDIN_CONTROL_PORT ?? 4070),
});
for (const [name, values] of Object.entries(JSON.parse(process.env.DNS_STANDIN_TXT ?? "{}") as Record<string, string[]>)) {
  standIn.setTxt(name, values);
}
console.log(`DNS stand-in on ${standIn.server} (UDP and TCP), control on ${standIn.controlUrl}`);
process.on("SIGTERM", () => void standIn.close().then(() => process.exit(0)));
process.on("SIGINT", () => void standIn.close().then(() => process.exit(0)));
