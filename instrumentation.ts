// Runs once when the server starts: validate the configuration now, so a production deployment
// missing a secret, or reading client addresses from a header nobody overwrites, refuses to start
// with a message saying what to set, instead of failing (or being fooled) on its first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  try {
    const { config } = await import("./lib/config/env");
    const { assertClientAddressesTrustworthy } = await import("./lib/http/client-info");
    config();
    assertClientAddressesTrustworthy();
    const { startWebhookDispatcher, announceWebhookSettings } = await import("./lib/webhooks/dispatcher");
    announceWebhookSettings();
    startWebhookDispatcher();
  } catch (error) {
    // Next only logs a failing register() and keeps listening, answering 500 to everything: a
    // platform would see a running server. Stop, so it sees a failed start and the reason.
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
