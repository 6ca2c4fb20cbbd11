import { NextResponse, type NextRequest } from "next/server";
import { currentPrincipal } from "@/lib/actions/safe-action";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { SESSION_COOKIE_NAMES } from "@/lib/auth/session-cookie";
import { config } from "@/lib/config/env";

// Where a page sends a browser whose cookie names a session that has ended (signed out
// elsewhere, password changed or reset, revoked). It clears the dead cookie, so the proxy stops
// treating the browser as signed in, and goes on to the sign-in page. A live session is left
// alone: this URL cannot be used to sign anyone out.
export async function GET(request: NextRequest) {
  const base = config().appUrl;
  const callbackUrl = safeCallbackUrl(request.nextUrl.searchParams.get("callbackUrl"), base);
  if (await currentPrincipal(request)) return NextResponse.redirect(new URL(callbackUrl, base));
  const login = new URL("/login", base);
  login.searchParams.set("callbackUrl", callbackUrl);
  login.searchParams.set("reason", "session_ended");
  const response = NextResponse.redirect(login);
  for (const name of request.cookies.getAll().map((c) => c.name)) {
    if (SESSION_COOKIE_NAMES.some((n) => name === n || name.startsWith(`${n}.`)))
      response.cookies.set(name, "", { maxAge: 0, path: "/", httpOnly: true, sameSite: "lax", secure: name.startsWith("__Secure-") });
  }
  return response;
}
