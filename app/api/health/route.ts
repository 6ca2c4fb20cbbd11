import { ping } from "@/lib/db/statements/locks";
import { methods } from "@/lib/http/route";
import { problemResponse, serviceUnavailable } from "@/lib/http/problem";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

/**
 * Readiness: 200 when the database answers, else the 503 `service_unavailable` problem (with
 * Retry-After) that every API route answers during an outage. Load balancers read the status.
 */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: async () => {
    try {
      await ping();
      return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
    } catch (error) {
      log.warn("health check: database unreachable", { error });
      return problemResponse(serviceUnavailable());
    }
  },
});
