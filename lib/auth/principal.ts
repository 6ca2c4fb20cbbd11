import "server-only";
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { clientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import type { Permission } from "@/lib/organizations/permissions";
import { verifyAccessToken } from "./jwt";
import { browserSessionAndRead } from "./browser-session";
import { requireActiveSession, type UserRead } from "./sessions";

// Who is calling, in the contract's order: Bearer access token, X-API-Key, then the browser's
// Auth.js session cookie. All three resolve to one Principal type that the authorization code
// treats alike.

export type Principal =
  | {
      kind: "user";
      userId: string;
      sessionId: string;
      /** The token's active organization (`current`). */
      organizationId: string | null;
      stepUpUntil: Date | null;
      /** The session's assurance level, read from the server-side session on every request. */
      aal: "aal1" | "aal2";
      via: "bearer" | "cookie";
    }
  | { kind: "api_key"; apiKeyId: string; organizationId: string; permissions: Permission[] };

export interface Resolved<Row> {
  principal: Principal | null;
  /** What `read` returned for a person's session (undefined for an API key or without `read`). */
  row: Row | undefined;
}

/**
 * The caller, and with `read` a read of the caller's own user made in the same statement as the
 * session check (requireActiveSession with a read): one round trip for a request about its caller.
 */
export async function resolvePrincipal<Row = never>(
  request: Request,
  options: { allowApiKey: boolean; read?: UserRead<Row> },
): Promise<Resolved<Row>> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const [scheme, token] = authorization.split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !token) throw new ApiError("unauthorized", "Use Authorization: Bearer <access token>.");
    const claims = await verifyAccessToken(token.trim());
    const { session, row } = await requireActiveSession(claims.sid, claims.sub, options.read);
    return {
      principal: {
        kind: "user",
        userId: claims.sub,
        sessionId: session.id,
        organizationId: claims.org ?? null,
        stepUpUntil: session.stepUpUntil,
        aal: session.aal,
        via: "bearer",
      },
      row,
    };
  }
  if (request.headers.has("x-api-key")) {
    if (!options.allowApiKey) throw new ApiError("unauthorized", "This endpoint needs a user's access token, not an API key.");
    return { principal: await authenticateApiKey(request.headers.get("x-api-key")!.trim(), clientInfo(request)), row: undefined };
  }
  return browserSessionAndRead(request, options.read);
}
