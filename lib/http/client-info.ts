import "server-only";
import { config } from "@/lib/config/env";

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

/**
 * The caller's address: the first X-Forwarded-For hop only when TRUST_PROXY is on (behind a
 * proxy that sets it), else the address the platform reports. Anything else is spoofable.
 */
export function clientInfo(request: Request): ClientInfo {
  const headers = request.headers;
  let ip: string | undefined;
  if (config().TRUST_PROXY) ip = headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || undefined;
  ip ??= headers.get("x-app-socket-ip") ?? undefined;
  return { ip: (ip ?? "unknown").slice(0, 64), userAgent: headers.get("user-agent")?.slice(0, 512) ?? null };
}
