// Runs the Resend stand-in as its own process (Playwright's webServer starts it for e2e).
import { startResendStandIn } from "./lib/resend-standin";

const port = Number(process.env.STANDIN_PORT ?? 4010);
const standIn = await startResendStandIn(port);
console.log(`Resend stand-in on ${standIn.url}`);
process.on("SIGTERM", () => void standIn.close().then(() => process.exit(0)));
process.on("SIGINT", () => void standIn.close().then(() => process.exit(0)));
