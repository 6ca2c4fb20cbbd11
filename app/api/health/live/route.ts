import { methods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * Liveness: 200 while this process can answer HTTP at all. It reads no database on purpose, so a
 * database outage makes instances unready (GET /api/health answers 503) without a platform
 * restarting every one of them.
 */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: async () => Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } }),
});
