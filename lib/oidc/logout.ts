import "server-only";
import type { KoaContextWithOIDC } from "oidc-provider";
import { liveBrowserSession } from "@/lib/auth/browser-session";
import { SESSION_COOKIE_NAMES } from "@/lib/auth/session-cookie";
import { config } from "@/lib/config/env";
import { clientInfo } from "@/lib/http/client-info";
import { logOut } from "@/lib/sessions/end";
import { fetchRequestOf } from "./browser-session";

// RP-initiated logout (the provider's end-session endpoint). The provider's session mirrors ours
// (lib/oidc/browser-session.ts), so "sign me out" there means out of this app: our browser session
// ends too (and with it every grant bound to it). The pages are plain HTML from the provider's
// route: API responses carry a CSP without scripts, so nothing here needs one.

const html = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const page = (title: string, body: string, head = "") => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${head}
<title>${html(title)}</title>
<style>body{font-family:system-ui,sans-serif;background:#f6f7f9;margin:0;padding:3rem 1rem}main{max-width:26rem;margin:0 auto;background:#fff;border-radius:8px;padding:1.5rem 2rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}button,a.btn{display:block;width:100%;margin:.5rem 0;padding:.6rem;border-radius:6px;border:1px solid #c9ccd1;background:#fff;font:inherit;text-align:center;text-decoration:none;color:inherit;cursor:pointer}button[value=yes]{background:#1f4fd1;color:#fff;border-color:#1f4fd1}</style>
</head><body><main>${body}</main></body></html>`;

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
