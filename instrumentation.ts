// Runs once when the server starts: validate the configuration now, so a production deployment
// missing a secret, or reading client addresses from a header nobody overwrites, refuses to start
// with a message saying what to set, instead of failing (or being fooled) on its first request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { config } = await import("./lib/config/env");
    const { assertClientAddressesTrustworthy } = await import("./lib/http/client-info");
    config();
    assertClientAddressesTrustworthy();
  }
}
