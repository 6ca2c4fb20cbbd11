import "server-only";
import { config } from "@/lib/config/env";
import { servedByLauncher } from "./launcher";

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

/**
 * The caller's address is the first X-Forwarded-For hop, and only that header: it is trustworthy
 * only because something trusted always writes it. Either the launcher (`npm start`) overwrites it
 * with the socket address, or TRUST_PROXY=true says a proxy in front replaces it (Vercel does).
 * Next's own server (`next start`, the standalone server.js) keeps a header the client sent, so in
 * production the app refuses to start in that position (see assertClientAddressesTrustworthy).
 * See README, "Client addresses".
 */
export function clientInfo(request: Request): ClientInfo {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return {
    ip: (forwarded || "unknown").slice(0, 64),
    userAgent: request.headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}

export const UNTRUSTED_CLIENT_ADDRESS =
  "Refusing to start: TRUST_PROXY is false and this server does not run behind the launcher, so client addresses (rate limits, audit log) would come from an X-Forwarded-For header any client can forge; start it with `npm start`, or put it behind a proxy that replaces X-Forwarded-For and set TRUST_PROXY=true.";

/**
 * TRUST_PROXY=false must never mean "believe whatever X-Forwarded-For says". In production that is
 * what it would mean anywhere but behind the launcher, so the app stops at start-up instead.
 * (Outside production, the test harness and `next dev` play the proxy's part.)
 */
export function assertClientAddressesTrustworthy(
  setting = { production: config().isProduction, trustProxy: config().TRUST_PROXY, servedByLauncher: servedByLauncher() },
) {
  if (setting.production && !setting.trustProxy && !setting.servedByLauncher) throw new Error(UNTRUSTED_CLIENT_ADDRESS);
}
