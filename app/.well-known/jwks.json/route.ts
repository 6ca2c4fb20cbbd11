import { config } from "@/lib/config/env";
import { methods } from "@/lib/http/route";
import { problemResponse, serviceUnavailable } from "@/lib/http/problem";
import { publicJwks } from "@/lib/keys/jwks";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

/**
 * The public signing keys (RFC 7517): pending, active and retiring keys, each with kid, alg and
 * use; never a private member. Cached by clients for at most half the publish delay (300 s by
 * default), so a new key is in every cache before it signs; If-None-Match answers 304.
 */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: async (request: Request) => {
    let jwks: Awaited<ReturnType<typeof publicJwks>>;
    try {
      jwks = await publicJwks();
    } catch (error) {
      log.warn("jwks: signing keys unreadable", { error });
      return problemResponse(serviceUnavailable());
    }
    const maxAge = Math.min(300, Math.floor(config().JWKS_PUBLISH_DELAY_SECONDS / 2));
    // Public keys: any origin may read them (a single-page app verifying tokens with jose, say).
    const headers = { "cache-control": `public, max-age=${maxAge}`, etag: jwks.etag, "access-control-allow-origin": "*" };
    const tags =
      request.headers
        .get("if-none-match")
        ?.split(",")
        .map((tag) => tag.trim().replace(/^W\//, "")) ?? [];
    if (tags.includes(jwks.etag) || tags.includes("*")) return new Response(null, { status: 304, headers });
    return new Response(jwks.body, { headers: { ...headers, "content-type": "application/json" } });
  },
});
