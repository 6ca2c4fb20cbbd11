// Runs the Google OpenID Connect stand-in as its own process (Playwright's webServer starts it for e2e).
import { startGoogleStandIn } from "./lib/google-standin";

const port = Number(process.env.GOOGLE_STANDIN_PORT ?? 4030);
const standIn = await startGoogleStandIn(port, {
  id: process.env.AUTH_GOOGLE_ID ?? "e2e-google-client",
  secret: process.env.AUTH_GOOGLE_SECRET ?? "e2e-google-secret",
});
console.log(`Google OpenID Connect stand-in on ${standIn.url}`);
process.on("SIGTERM", () => void standIn.close().then(() => process.exit(0)));
process.on("SIGINT", () => void standIn.close().then(() => process.exit(0)));
