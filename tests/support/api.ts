// Calls the real route handlers in process, the way Next would: the URL is matched against the
// app/api tree (static segments before [param] before [...catchAll]), and the handler receives
// a NextRequest and its params. Tests read like HTTP calls without a server in between. Every
// response is checked against the OpenAPI document (status, content type, body schema) before
// the test sees it, so a test fails whenever a route answers something its description does not.
import { readdirSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { expect } from "vitest";
import { assertConforms } from "./openapi-conformance";

export interface Route {
  segments: string[];
  file: string;
}

const apiRoot = path.resolve(import.meta.dirname, "../../app/api");

function collectRoutes(dir: string, segments: string[] = []): Route[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return collectRoutes(path.join(dir, entry.name), [...segments, entry.name]);
    return entry.name === "route.ts" ? [{ segments, file: path.join(dir, entry.name) }] : [];
  });
}

const rank = (segment: string) => (segment.startsWith("[...") ? 2 : segment.startsWith("[") ? 1 : 0);
export const routes = collectRoutes(apiRoot).sort((a, b) => {
  for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
    const d = rank(a.segments[i] ?? "") - rank(b.segments[i] ?? "");
    if (d) return d;
  }
  return b.segments.length - a.segments.length;
});

function match(pathname: string): { route: Route; params: Record<string, string | string[]> } | undefined {
  const parts = pathname
    .replace(/^\/api\/?/, "")
    .split("/")
    .filter(Boolean)
    .map(decodeURIComponent);
  for (const route of routes) {
    const params: Record<string, string | string[]> = {};
    let ok = true;
    for (let i = 0; i < route.segments.length; i++) {
      const seg = route.segments[i]!;
      if (seg.startsWith("[...")) {
        params[seg.slice(4, -1)] = parts.slice(i);
        ok = parts.length > i;
        break;
      }
      const part = parts[i];
      if (part === undefined) {
        ok = false;
        break;
      }
      if (seg.startsWith("[")) params[seg.slice(1, -1)] = part;
      else if (seg !== part) {
        ok = false;
        break;
      }
      if (i === route.segments.length - 1 && parts.length !== route.segments.length) ok = false;
    }
    if (ok) return { route, params };
  }
  return undefined;
}

const randomIp = () => `10.${rnd()}.${rnd()}.${rnd()}`;
const rnd = () => Math.floor(Math.random() * 256);

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/**
 * An error answer (application/problem+json): its status, with the body in the message when that
 * is off, and its stable `code`, the part of an error clients branch on.
 */
export function expectProblem(res: ApiResponse, status: number, code: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.body.code).toBe(code);
}

export interface CallOptions {
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
  token?: string;
  apiKey?: string;
  /** Aborts the request as a client disconnecting would (Next aborts `request.signal`). */
  signal?: AbortSignal;
}

export async function api<T = any>(method: string, url: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  if (options.apiKey) headers.set("x-api-key", options.apiKey);
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const { response, text, parsed } = await dispatch(
    new NextRequest(new URL(url, "http://localhost:3000"), { method, headers, body, signal: options.signal }),
  );
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

/**
 * A `fetch` that serves requests from the route handlers in process (for clients such as
 * openapi-fetch), with the same checks as `api`.
 */
export async function fetchInProcess(input: Request): Promise<Response> {
  const body = input.body ? await input.text() : undefined;
  const { response, text } = await dispatch(new NextRequest(input.url, { method: input.method, headers: input.headers, body }));
  return new Response(text || null, { status: response.status, headers: response.headers });
}

async function dispatch(request: NextRequest) {
  const { method } = request;
  const pathname = new URL(request.url).pathname;
  const found = match(pathname);
  if (!found) throw new Error(`No route file for ${pathname}`);
  const mod = (await import(found.route.file)) as Record<string, (req: NextRequest, ctx: unknown) => Promise<Response>>;
  const handler = mod[method === "HEAD" ? "GET" : method];
  // Each call comes from its own address unless a test names one, so per-client rate limits only
  // bite in the tests about them.
  if (!request.headers.has("x-forwarded-for")) request.headers.set("x-forwarded-for", randomIp());
  const response = handler ? await handler(request, { params: Promise.resolve(found.params) }) : new Response(null, { status: 405 });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {}
  // Auth.js's own endpoints (/api/auth/session, /callback/…) are not part of our API document.
  if (found.route.segments.join("/") !== AUTHJS_ROUTE) {
    assertConforms({ method, pathname, status: response.status, contentType: response.headers.get("content-type"), text, body: parsed });
  }
  return { response, text, parsed };
}

const AUTHJS_ROUTE = "auth/[...nextauth]";
