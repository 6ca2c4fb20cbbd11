import "server-only";
import type { NextRequest } from "next/server";
import * as z from "zod";
import { config } from "@/lib/config/env";
import { resolvePrincipal, type OrganizationReadRequest, type Principal, type Resolved } from "@/lib/auth/principal";
import type { ProfileRow } from "@/lib/db/statements/users";
import { requestSpec, type OperationKey, type RequestSpecOf } from "@/lib/openapi/operations";
import { readJsonBody } from "./body";
import { clientInfo, type ClientInfo } from "./client-info";
import { ApiError, unauthorized } from "./errors";
import { problemResponse, toApiError, validationError } from "./problem";
import { withActingScope } from "@/lib/events/acting";
import { tailHistogram, timed } from "@/lib/tail/registry";
import { withRequestSignal } from "./request-signal";

// The one wrapper every route handler goes through: body size and type, JSON parsing, zod
// validation of body, query and path, authentication, and error → problem+json mapping are
// written here once. What a route accepts comes from its operation's row in
// lib/openapi/operations, the table the OpenAPI document is rendered from: a route names its
// operation and cannot disagree with its description.

/** none: public, credentials ignored; optional: resolved when sent; user: a person; any: a person or an API key. */
type Auth = "none" | "optional" | "user" | "any";

/** What the wrapper does that the API does not describe: how a request is served, never what it accepts. */
export interface HandlerOptions<K extends OperationKey = OperationKey> {
  /** Read the caller's profile in the session check's statement (one round trip): `ctx.profile`. */
  withProfile?: boolean;
  /**
   * Read the organization the request names in a Bearer token's session check (one round trip
   * instead of two): `ctx.prefetched`, for readWithOrganizationAccess, which admits the caller
   * as it always does and reads anew if the prefetched read is not the one it needs.
   */
  organizationRead?: (input: Pick<ContextOf<K>, "request" | "params" | "query">) => OrganizationReadRequest;
  /** The body is not JSON (an IdP's HTML form POST): left unread for the handler. */
  rawBody?: boolean;
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
  /** With `organizationRead`, what a Bearer token's session check read; undefined otherwise. */
  prefetched: Resolved["prefetched"];
}

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;
/** The context of operation `K`: its row's auth, and the outputs of its row's schemas. */
export type ContextOf<K extends OperationKey> = Context<
  Output<RequestSpecOf<K>["body"]>,
  Output<RequestSpecOf<K>["query"]>,
  Output<RequestSpecOf<K>["params"]>,
  RequestSpecOf<K>["auth"]
>;

type Result = Response | { status?: number; json: unknown; headers?: Record<string, string> };
type RouteContext = { params: Promise<Record<string, string | string[]>> };
type Run<K extends OperationKey> = (ctx: ContextOf<K>) => Promise<Result>;
/** The bench's histogram of the wrapper's own time (`npm run bench -- --tail`); undefined, as always in production, leaves handlers untimed. */
const handlerTime = tailHistogram("handler");
/** A route handler, and the operation whose row it serves (tests/integration/openapi.test.ts reads it). */
export type OperationHandler = ((request: NextRequest, routeContext?: RouteContext) => Promise<Response>) & { operation: OperationKey };

/**
 * The handler of operation `key` (`"post /api/auth/login"`): its auth, body, query and params
 * are the ones its row in lib/openapi/operations gives.
 */
export function handler<K extends OperationKey>(key: K, run: Run<K>): OperationHandler;
export function handler<K extends OperationKey>(key: K, options: HandlerOptions<K>, run: Run<K>): OperationHandler;
export function handler<K extends OperationKey>(key: K, ...rest: [Run<K>] | [HandlerOptions<K>, Run<K>]): OperationHandler {
  const [options, run]: [HandlerOptions<K>, Run<K>] = rest.length === 1 ? [{}, rest[0]] : rest;
  const spec: { auth: Auth; body?: z.ZodType; query?: z.ZodType; params?: z.ZodType } = requestSpec(key);
  const serveRequest = (request: NextRequest, routeContext?: RouteContext): Promise<Response> =>
    withRequestSignal(request.signal, () => withActingScope(() => serve(request, routeContext)));
  return Object.assign(handlerTime ? timed(handlerTime, serveRequest) : serveRequest, { operation: key });

  async function serve(request: NextRequest, routeContext?: RouteContext): Promise<Response> {
    try {
      // Path and query are parsed first, so a credential check can read what they name, but their
      // errors wait: who is calling is answered first, and an unauthenticated caller learns
      // nothing about the rules of the path, the query or the body.
      const input = await parseInput(spec, request, routeContext);
      const organizationRead =
        options.organizationRead && input.ok
          ? options.organizationRead({ request, params: input.params, query: input.query } as Pick<
              ContextOf<K>,
              "request" | "params" | "query"
            >)
          : undefined;
      const auth = spec.auth;
      const { principal, profile, prefetched }: Resolved =
        auth === "none"
          ? { principal: null, profile: undefined }
          : await resolvePrincipal(request, { allowApiKey: auth === "any", withProfile: options.withProfile, organizationRead });
      if ((auth === "user" || auth === "any") && !principal) throw unauthorized();
      if (principal?.kind === "user" && principal.via === "cookie") refuseCrossSiteWrite(request);
      if (!input.ok) throw input.error;
      const { params, query } = input;

      let body: unknown = undefined;
      if (spec.body) body = parse(spec.body, (await readJsonBody(request, config().MAX_BODY_BYTES)) ?? {});
      else if (request.body && !options.rawBody) await readJsonBody(request, config().MAX_BODY_BYTES);

      const ctx = { request, body, query, params, client: clientInfo(request), principal, profile, prefetched } as ContextOf<K>;
      const result = await run(ctx);
      if (result instanceof Response) return result;
      return Response.json(result.json, { status: result.status ?? 200, headers: result.headers });
    } catch (error) {
      return problemResponse(toApiError(error));
    }
  }
}

/**
 * Serves `target`, another operation's handler, as operation `key` (an alias such as
 * GET /api/auth/user), after checking that both rows ask for the same auth and schemas.
 */
export function alias(key: OperationKey, target: RouteHandler): OperationHandler {
  const of = (target as Partial<OperationHandler>).operation;
  if (!of) throw new Error(`alias("${key}"): the target is not a handler built from an operation`);
  const [mine, theirs] = [requestSpec(key), requestSpec(of)];
  const differ = (["auth", "body", "query", "params"] as const).filter((field) => mine[field] !== theirs[field]);
  if (differ.length) throw new Error(`alias("${key}") of "${of}": the rows differ in ${differ.join(", ")}`);
  return Object.assign((request: NextRequest, routeContext?: RouteContext) => target(request, routeContext!), { operation: key });
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

/** The path's and the query's values, or the error of the first that fails its schema (thrown after the credential check). */
async function parseInput(
  spec: { params?: z.ZodType; query?: z.ZodType },
  request: NextRequest,
  routeContext?: RouteContext,
): Promise<{ ok: true; params: unknown; query: unknown } | { ok: false; error: unknown }> {
  try {
    const params = spec.params ? parse(spec.params, (await routeContext?.params) ?? {}) : undefined;
    const query = spec.query ? parse(spec.query, Object.fromEntries(request.nextUrl.searchParams)) : undefined;
    return { ok: true, params, query };
  } catch (error) {
    return { ok: false, error };
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
 * problem+json with `Allow`, instead of Next's empty default, and OPTIONS answers those methods
 * and itself (Next's own OPTIONS would list every export, the 405 fillers too).
 */
export function methods(implemented: Partial<Record<Method, RouteHandler>>): Record<Method | "OPTIONS", RouteHandler> {
  const allow = [...Object.keys(implemented), ...(implemented.GET ? ["HEAD"] : [])].join(", ");
  const notAllowed: RouteHandler = Object.assign(
    async () => problemResponse(new ApiError("method_not_allowed", "This method is not supported here.", { headers: { allow } })),
    { methodNotAllowed: true }, // lets the OpenAPI test tell implemented methods from these
  );
  const answered = Object.fromEntries(METHODS.map((m) => [m, implemented[m] ?? notAllowed])) as Record<Method, RouteHandler>;
  return { ...answered, OPTIONS: async () => new Response(null, { status: 204, headers: { allow: `${allow}, OPTIONS` } }) };
}

export const noContent = () => new Response(null, { status: 204 });
