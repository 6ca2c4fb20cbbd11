// Runs once when the server starts: validate the configuration now, so a production deployment
// missing a secret refuses to start with a message naming the variable, instead of failing on
// its first request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { config } = await import("./lib/config/env");
    config();
  }
}
