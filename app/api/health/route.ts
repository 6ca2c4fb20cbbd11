import { db } from "@/lib/db/client";
import { DATABASE_RETRY_AFTER_SECONDS } from "@/lib/db/unavailable";
import { methods } from "@/lib/http/route";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

/** 200 when the database answers, 503 otherwise (load balancers and uptime checks read this). */
export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: async () => {
    try {
      await db().$queryRaw`SELECT 1`;
      return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
    } catch (error) {
      log.warn("health check: database unreachable", { error });
      return Response.json({ status: "unavailable" }, { status: 503, headers: { "cache-control": "no-store", "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) } });
    }
  },
});
