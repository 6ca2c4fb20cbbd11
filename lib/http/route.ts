import "server-only";
import type { NextRequest } from "next/server";
import * as z from "zod";
import { config } from "@/lib/config/env";
import { resolvePrincipal, type Principal } from "@/lib/auth/principal";
import type { ProfileRow } from "@/lib/db/statements/users";

import { readJsonBody } from "./body";
import { clientInfo, type ClientInfo } from "./client-info";
import { ApiError, unauthorized } from "./errors";
import { problemResponse, toApiError, validationError } from "./problem";
import { withRequestSignal } from "./request-signal";

// The one wrapper every route handler goes through: body size and type, JSON parsing, zod
// validation of body, query and path, authentication, and error → problem+json mapping are
// written here once.

/** none: public, credentials ignored; optional: resolved when sent; user: a person; any: a person or an API key. */
type Auth = "none" | "optional" | "user" | "any";

interface Spec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType, A extends Auth> {
  /** "user": a Bearer token or the browser session; "any": those or an X-API-Key. */
  auth?: A;
  /** Read the caller's profile in the session check's statement (one round trip): `ctx.profile`. */
  withProfile?: boolean;
  body?: B;
  query?: Q;
  params?: P;
}

export interface Context<B, Q, P, A extends Auth> {
  request: NextRequest;
  body: B;
  query: Q;
  params: P;
  client: ClientInfo;
  principal: A extends "none" | "optional"
    ? Extract<Principal, { kind: "user" }> | null
    : A extends "user"
      ? Extract<Principal, { kind: "user" }>
      : Principal;
  /** With `withProfile`, the caller's profile row; undefined for an API key. */
  profile: ProfileRow | undefined;
}

type Result = Response | { status?: number; json: unknown; headers?: Record<string, string> };
type RouteContext = { params: Promise<Record<string, string | string[]>> };

export function handler<
  B extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  P extends z.ZodType = z.ZodUndefined,
  A extends Auth = "none",
>(spec: Spec<B, Q, P, A>, run: (ctx: Context<z.output<B>, z.output<Q>, z.output<P>, A>) => Promise<Result>) {
  return (request: NextRequest, routeContext?: RouteContext): Promise<Response> =>
    withRequestSignal(request.signal, () => serve(request, routeContext));

  async function serve(request: NextRequest, routeContext?: RouteContext): Promise<Response> {
    try {
      // Who is calling comes first: an unauthenticated caller learns nothing about the body's rules.
      const auth = spec.auth ?? "none";
      const { principal, profile } =
        auth === "none" ? { principal: null, profile: undefined } : await resolvePrincipal(request, { allowApiKey: auth === "any", withProfile: spec.withProfile });
      if ((auth === "user" || auth === "any") && !principal) throw unauthorized();
      if (principal?.kind === "user" && principal.via === "cookie") refuseCrossSiteWrite(request);

      const params = spec.params ? parse(spec.params, (await routeContext?.params) ?? {}) : undefined;
      const query = spec.query ? parse(spec.query, Object.fromEntries(request.nextUrl.searchParams)) : undefined;
      let body: unknown = undefined;
      if (spec.body) body = parse(spec.body, (await readJsonBody(request, config().MAX_BODY_BYTES)) ?? {});
      else if (request.body) await readJsonBody(request, config().MAX_BODY_BYTES);

      const ctx = { request, body, query, params, client: clientInfo(request), principal, profile } as Context<z.output<B>, z.output<Q>, z.output<P>, A>;
      const result = await run(ctx);
      if (result instanceof Response) return result;
      return Response.json(result.json, { status: result.status ?? 200, headers: result.headers });
    } catch (error) {
      return problemResponse(toApiError(error));
    }
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A cookie rides along on requests other sites trigger, so a state-changing request authenticated
 * only by the cookie must come from our own pages: its Origin (or Referer) must be this host.
 * Server actions get the same check from Next; bearer and API-key requests need none.
 */
function refuseCrossSiteWrite(request: NextRequest) {
  if (SAFE_METHODS.has(request.method)) return;
  const source = request.headers.get("origin") ?? request.headers.get("referer");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let sourceHost: string | undefined;
  try {
    sourceHost = source ? new URL(source).host : undefined;
  } catch {}
  const allowed = [host, new URL(config().appUrl).host].filter(Boolean);
  if (!sourceHost || !allowed.includes(sourceHost)) {
    throw new ApiError("forbidden", "Cross-site request refused: send it from this app's pages or use a bearer token.");
  }
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type RouteHandler = (request: NextRequest, ctx: RouteContext) => Promise<Response>;

/**
 * Completes a route file's exports so every method it does not implement answers 405
 * problem+json with `Allow`, instead of Next's empty default.
 */
export function methods(implemented: Partial<Record<Method, RouteHandler>>): Record<Method, RouteHandler> {
  const allow = [...Object.keys(implemented), ...(implemented.GET ? ["HEAD"] : [])].join(", ");
  const notAllowed: RouteHandler = Object.assign(
    async () => problemResponse(new ApiError("method_not_allowed", "This method is not supported here.", { headers: { allow } })),
    { methodNotAllowed: true }, // lets the OpenAPI test tell implemented methods from these
  );
  return Object.fromEntries(METHODS.map((m) => [m, implemented[m] ?? notAllowed])) as Record<Method, RouteHandler>;
}

export const noContent = () => new Response(null, { status: 204 });
