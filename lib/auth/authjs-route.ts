import type { NextRequest } from "next/server";
import { handlers } from "@/auth";
import { ApiError } from "@/lib/http/errors";
import { problemResponse } from "@/lib/http/problem";
import { withActingScope } from "@/lib/events/acting";
import { withRequestSignal } from "@/lib/http/request-signal";

// Auth.js owns /api/auth/[...nextauth], but only for its own actions; any other /api/auth/<x>
// is an unknown API path and answers 404 problem+json like the rest of /api, not Auth.js's page.
const AUTHJS_ACTIONS = new Set(["providers", "session", "csrf", "signin", "signout", "callback", "verify-request", "error"]);

const known = (request: NextRequest) => AUTHJS_ACTIONS.has(request.nextUrl.pathname.split("/")[3] ?? "");
const notFound = () => problemResponse(new ApiError("not_found", "No API endpoint at this path."));

// The browser's password sign-in hashes in here: an abandoned one leaves the hash queue too.
const serve = (request: NextRequest, handle: (request: NextRequest) => Promise<Response>) =>
  known(request) ? withRequestSignal(request.signal, () => withActingScope(() => handle(request))) : notFound();
export const GET = (request: NextRequest) => serve(request, handlers.GET);
export const POST = (request: NextRequest) => serve(request, handlers.POST);

const notAllowed = (request: NextRequest) =>
  known(request)
    ? problemResponse(new ApiError("method_not_allowed", "This method is not supported here.", { headers: { allow: "GET, HEAD, POST" } }))
    : notFound();
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
