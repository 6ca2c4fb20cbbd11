import "server-only";
import type { KoaContextWithOIDC } from "oidc-provider";

// The few HTML pages the provider answers itself (end-session, its error page): plain HTML from
// the provider's route, under the API's CSP (no script; inline style allowed), escaped throughout.

export const html = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export const page = (title: string, body: string, head = "") => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${head}
<title>${html(title)}</title>
<style>body{font-family:system-ui,sans-serif;background:#f6f7f9;margin:0;padding:3rem 1rem}main{max-width:26rem;margin:0 auto;background:#fff;border-radius:8px;padding:1.5rem 2rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}button,a.btn{display:block;width:100%;margin:.5rem 0;padding:.6rem;border-radius:6px;border:1px solid #c9ccd1;background:#fff;font:inherit;text-align:center;text-decoration:none;color:inherit;cursor:pointer}button[value=yes]{background:#1f4fd1;color:#fff;border-color:#1f4fd1}</style>
</head><body><main>${body}</main></body></html>`;

/** oidc-provider's error page (an unknown client, a redirect URI that does not match, …): never a redirect. */
export async function renderError(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }): Promise<void> {
  ctx.type = "html";
  ctx.body = page(
    "Sign-in error",
    `<h1>This sign-in cannot go on</h1><p>The application's request was refused: ${html(out.error)}${out.error_description ? ` (${html(out.error_description)})` : ""}.</p><p>Go back to the application and try again, or tell its developers.</p>`,
  );
}
