import type { NextRequest } from "next/server";
import { handlers } from "@/auth";
import { ApiError } from "@/lib/http/errors";
import { problemResponse } from "@/lib/http/problem";

// Auth.js owns /api/auth/[...nextauth], but only for its own actions; any other /api/auth/<x>
// is an unknown API path and answers 404 problem+json like the rest of /api, not Auth.js's page.
const AUTHJS_ACTIONS = new Set(["providers", "session", "csrf", "signin", "signout", "callback", "verify-request", "error"]);

const known = (request: NextRequest) => AUTHJS_ACTIONS.has(request.nextUrl.pathname.split("/")[3] ?? "");
const notFound = () => problemResponse(new ApiError("not_found", "No API endpoint at this path."));

export const GET = (request: NextRequest) => (known(request) ? handlers.GET(request) : notFound());
export const POST = (request: NextRequest) => (known(request) ? handlers.POST(request) : notFound());

const notAllowed = (request: NextRequest) =>
  known(request)
    ? problemResponse(new ApiError("method_not_allowed", "This method is not supported here.", { headers: { allow: "GET, HEAD, POST" } }))
    : notFound();
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
