// Runs the GitHub OAuth stand-in as its own process (Playwright's webServer starts it for e2e).
import { startOAuthStandIn } from "./lib/oauth-standin";

const port = Number(process.env.OAUTH_STANDIN_PORT ?? 4020);
const standIn = await startOAuthStandIn(port, {
  id: process.env.AUTH_GITHUB_ID ?? "e2e-github-client",
  secret: process.env.AUTH_GITHUB_SECRET ?? "e2e-github-secret",
});
console.log(`GitHub OAuth stand-in on ${standIn.url}`);
process.on("SIGTERM", () => void standIn.close().then(() => process.exit(0)));
process.on("SIGINT", () => void standIn.close().then(() => process.exit(0)));
