import "server-only";
import type { KoaContextWithOIDC } from "oidc-provider";
import { liveBrowserSession } from "@/lib/auth/browser-session";
import { SESSION_COOKIE_NAMES } from "@/lib/auth/session-cookie";
import { config } from "@/lib/config/env";
import { clientInfo } from "@/lib/http/client-info";
import { logOut } from "@/lib/sessions/end";
import { fetchRequestOf } from "./browser-session";
import { html, page } from "./html-page";

// RP-initiated logout (the provider's end-session endpoint). The provider's session mirrors ours
// (lib/oidc/browser-session.ts), so "sign me out" there means out of this app: our browser session
// ends too (and with it every grant bound to it). The pages are plain HTML from the provider's
// route: API responses carry a CSP without scripts, so nothing here needs one.

/** The confirmation the end-session endpoint shows (its form carries the provider's xsrf value). */
export async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const app = ctx.oidc.client?.clientName;
  ctx.type = "html";
  ctx.body = page(
    "Sign out",
    `<h1>Sign out?</h1><p>${app ? `${html(app)} asks to sign you out.` : "An application asks to sign you out."} You will be signed out of ${html(new URL(config().appUrl).host)} on this device.</p>
${form}<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button><button type="submit" form="op.logoutForm">No, stay signed in</button>`,
  );
}

export async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  ctx.type = "html";
  ctx.body = page("Signed out", `<h1>Signed out</h1><p>You are signed out.</p><a class="btn" href="/login">Sign in again</a>`);
}

/**
 * When the provider's session names nobody (a person signed in here who never used an
 * application in this browser), oidc-provider answers end-session with a form that submits
 * itself with logout=yes: a sign-out nobody confirmed, held back only by the CSP blocking its
 * script (a blank page instead). Our confirmation is shown instead, with the provider's xsrf value.
 */
async function confirmEvenWithoutAccount(ctx: KoaContextWithOIDC): Promise<void> {
  const secret = (ctx.oidc.session?.state as { secret?: string } | undefined)?.secret;
  if (ctx.oidc.session?.accountId || !secret || ctx.status !== 200) return;
  const action = ctx.oidc.urlFor("end_session_confirm");
  await logoutSource(
    ctx,
    `<form id="op.logoutForm" method="post" action="${html(action)}"><input type="hidden" name="xsrf" value="${html(secret)}"/></form>`,
  );
}

const ENDED = Symbol("end session confirmed");

/** Marks the request whose end-session the person confirmed (the provider's own event). */
export function noteEndedSession(ctx: KoaContextWithOIDC): void {
  (ctx as unknown as Record<symbol, boolean>)[ENDED] = true;
}

/**
 * Around the provider: once a person confirmed "sign me out", our browser session ends and its
 * cookie goes. The application's post-logout address (registered, checked by the provider) is
 * reached from a page rather than the form's redirect: browsers apply CSP form-action to a
 * submission's redirects, and that address is another site.
 */
export async function endOurSessionToo(ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
  await next();
  if (ctx.oidc?.route === "end_session") return confirmEvenWithoutAccount(ctx);
  if (!(ctx as unknown as Record<symbol, boolean>)[ENDED]) return;
  if (ctx.oidc.params?.logout) {
    const request = fetchRequestOf(ctx.req);
    const live = await liveBrowserSession(request);
    if (live) await logOut({ userId: live.userId, sessionId: live.sessionId, client: clientInfo(request), via: "browser" });
    for (const name of SESSION_COOKIE_NAMES) {
      ctx.res.appendHeader(
        "set-cookie",
        `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") ? "; Secure" : ""}`,
      );
    }
  }
  const location = ctx.response.get("location");
  if (location && new URL(location, config().appUrl).origin !== new URL(config().appUrl).origin) {
    ctx.status = 200;
    ctx.remove("location");
    ctx.type = "html";
    ctx.body = page(
      "Signed out",
      `<h1>Signed out</h1><p>Taking you back to the application…</p><a class="btn" href="${html(location)}">Continue</a>`,
      `<meta http-equiv="refresh" content="0;url=${html(location)}">`,
    );
  }
}
