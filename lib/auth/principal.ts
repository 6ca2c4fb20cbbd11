import "server-only";
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { clientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import type { Permission } from "@/lib/organizations/permissions";
import { verifyAccessToken } from "./jwt";
import { browserSessionAndProfile } from "./browser-session";
import { checkSession, requireSessionWithOrganizationRead, type ActiveSession } from "@/lib/sessions/check";
import type { ProfileRow } from "@/lib/db/statements/users";
import type { OrganizationRead, OrganizationReadFound } from "@/lib/db/statements/organizations";
import { isPlausibleRef, organizationNamedBy, type OrgRef } from "@/lib/organizations/ref";
import type pg from "pg";

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
      /**
       * The instance admin acting as this user (an impersonation session), read from the
       * server-side session, never from the token's `act` claim. Credential changes refuse it.
       */
      impersonatorId?: string | null;
      /** The organization whose identity provider opened this session (enforced SSO accepts it there only). */
      ssoOrganizationId?: string | null;
      /** When the person signed in to this session (a browser session's; the OpenID Provider's max_age). */
      signedInAt?: Date;
    }
  | { kind: "api_key"; apiKeyId: string; organizationId: string; permissions: Permission[] };

export interface Resolved {
  principal: Principal | null;
  /** The caller's profile, read in the session check's statement (`withProfile`, a person's session only). */
  profile: ProfileRow | undefined;
  /** The organization read asked for (`organizationRead`), made in the session check's statement: a Bearer token's only. */
  prefetched?: OrganizationReadFound<pg.QueryResultRow>;
}

/** A read of the organization a request names, to make in the credential check's statement when it can be. */
export interface OrganizationReadRequest {
  ref: OrgRef;
  read: OrganizationRead<pg.QueryResultRow>;
}

/**
 * The caller, and with `withProfile` a read of the caller's own user made in the same statement as
 * the session check: one round trip for a request about its caller. With `organizationRead`, a
 * Bearer request's session check reads the organization the request names in its statement too
 * (the token names the `current` organization, so the read is known before the database is
 * asked); a cookie's or an API key's request leaves it to lib/organizations/context.ts.
 */
export async function resolvePrincipal(
  request: Request,
  options: { allowApiKey: boolean; withProfile?: boolean; organizationRead?: OrganizationReadRequest },
): Promise<Resolved> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const [scheme, token] = authorization.split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !token) throw new ApiError("unauthorized", "Use Authorization: Bearer <access token>.");
    const claims = await verifyAccessToken(token.trim());
    const organizationId = claims.org ?? null;
    const named = options.organizationRead && organizationNamedBy(options.organizationRead.ref, organizationId);
    let session: ActiveSession;
    let profile: ProfileRow | undefined;
    let prefetched: OrganizationReadFound<pg.QueryResultRow> | undefined;
    if (named && isPlausibleRef(named) && !options.withProfile) {
      ({ session, found: prefetched } = await requireSessionWithOrganizationRead(
        claims.sid,
        claims.sub,
        named,
        options.organizationRead!.read,
      ));
    } else {
      ({ session, profile } = await checkSession(claims.sid, claims.sub, options.withProfile));
    }
    return {
      principal: {
        kind: "user",
        userId: claims.sub,
        sessionId: session.id,
        organizationId,
        stepUpUntil: session.stepUpUntil,
        aal: session.aal,
        via: "bearer",
        impersonatorId: session.impersonatorId,
        ssoOrganizationId: session.ssoOrganizationId,
      },
      profile,
      prefetched,
    };
  }
  if (request.headers.has("x-api-key")) {
    if (!options.allowApiKey) throw new ApiError("unauthorized", "This endpoint needs a user's access token, not an API key.");
    return { principal: await authenticateApiKey(request.headers.get("x-api-key")!.trim(), clientInfo(request)), profile: undefined };
  }
  return browserSessionAndProfile(request, options.withProfile);
}
