import "server-only";

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

/**
 * The caller's address is the first X-Forwarded-For hop. That hop is trustworthy because
 * something trusted always writes it: the launcher (`npm start`) overwrites the header with the
 * socket address unless TRUST_PROXY=true, and with TRUST_PROXY=true it comes from the proxy in
 * front (Vercel sets it itself). See README, "Client addresses".
 */
export function clientInfo(request: Request): ClientInfo {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return {
    ip: (forwarded || request.headers.get("x-real-ip") || "unknown").slice(0, 64),
    userAgent: request.headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}
