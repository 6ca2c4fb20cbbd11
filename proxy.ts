import { NextResponse, type NextRequest } from "next/server";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { hasSessionCookie } from "@/lib/auth/session-cookie";
import { needsCredentials } from "@/lib/http/protected-api";
import { newNonce, pageContentSecurityPolicy } from "@/lib/http/security-headers";

// A cheap first gate, no database: it only looks at which credentials a request carries. Every
// page loader, server action and route handler checks the session again next to the data, so
// a stale cookie here costs a redirect, never access.

const PROTECTED_PAGES = [/^\/profile(\/|$)/, /^\/organizations(\/|$)/];
const GUEST_ONLY_PAGES = [/^\/login\/?$/, /^\/signup\/?$/];

function problem401() {
  return new NextResponse(
    JSON.stringify({
      type: "about:blank#unauthorized",
      title: "Authentication required",
      status: 401,
      detail: "Sign in or send a valid access token.",
      code: "unauthorized",
    }),
    { status: 401, headers: { "content-type": "application/problem+json", "cache-control": "no-store" } },
  );
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const signedIn = hasSessionCookie(request.headers.get("cookie"));

  if (pathname.startsWith("/api/")) {
    // Never redirect an API client: either a 401 problem or straight through.
    const credentials = signedIn || request.headers.has("authorization") || request.headers.has("x-api-key");
    if (!credentials && needsCredentials(request.method, pathname)) return problem401();
    return NextResponse.next();
  }

  if (!signedIn && PROTECTED_PAGES.some((p) => p.test(pathname))) {
    const login = new URL("/login", request.url);
    login.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(login);
  }
  // `reauth=1`: an application asked for a fresh sign-in (OpenID prompt=login or max_age), so a
  // signed-in browser is shown the form instead of being sent straight back.
  const reauthenticating = pathname.startsWith("/login") && request.nextUrl.searchParams.get("reauth") === "1";
  if (signedIn && !reauthenticating && GUEST_ONLY_PAGES.some((p) => p.test(pathname))) {
    // The target is reduced to a path on this origin (the one every page here is served from).
    const target = safeCallbackUrl(request.nextUrl.searchParams.get("callbackUrl"), request.nextUrl.origin);
    return NextResponse.redirect(new URL(target, request.url));
  }
  return nextWithContentSecurityPolicy(request);
}

/**
 * A page gets a fresh nonce on every request, in the policy sent to the browser and in the
 * request's own CSP header, where Next reads it to stamp every script it renders (pages render per
 * request for this: see app/layout.tsx). A CSP header the client sent is replaced.
 */
function nextWithContentSecurityPolicy(request: NextRequest): NextResponse {
  const policy = pageContentSecurityPolicy(newNonce(), process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

// Where the proxy runs. Next's adapter around it costs more than the rest of a small API request
// (a second NextRequest, header copies, the pass-through response: docs/performance.md), so it
// runs only where it can decide something:
// - pages (everything outside /api/ but static files and /.well-known/, public JSON documents such
//   as the JWKS), for the sign-in redirects and the CSP nonce;
// - API requests that carry neither `Authorization` nor `X-API-Key`: for a request with either, its
//   decision above is always "straight through", and the route checks the credential itself;
// - except the probes (/api/health, /api/health/live) and the two endpoints that take no credential
//   by design and are called most (login, refresh): no method of theirs is protected.
// Next reads this object when it builds, so it must stay a literal. lib/auth/proxy.test.ts
// compiles it with Next's own matcher and checks every protected operation still reaches the proxy.
export const config = {
  matcher: [
    "/((?!api/|\\.well-known/|_next/static|_next/image|favicon.ico|robots.txt).*)",
    {
      source: "/api/((?!health(?:/live)?/?$|auth/login/?$|auth/refresh/?$).*)",
      missing: [
        { type: "header", key: "authorization" },
        { type: "header", key: "x-api-key" },
      ],
    },
  ],
};
