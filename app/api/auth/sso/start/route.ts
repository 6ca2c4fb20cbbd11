import { ApiError } from "@/lib/http/errors";
import { handler, methods } from "@/lib/http/route";
import { seeOther } from "@/lib/sso/browser-answer";
import { browserBinding } from "@/lib/sso/browser-binding";
import { ssoStartUrl } from "@/lib/sso/sign-in";
import { ssoStartQueryString, startInputOfQuery } from "@/lib/validation/sso";

// POST: an app's own sign-in screen asks where to send the browser (JSON). GET: the /sso page's
// link, which sends the browser there itself. Either way the request is bound to the browser
// that asked (the cookie set here; browser-binding.ts).
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/sso/start", async ({ request, body, client }) => {
    const binding = browserBinding(request);
    return {
      json: await ssoStartUrl(body, client, binding.hash),
      headers: { "cache-control": "no-store", "set-cookie": binding.cookie },
    };
  }),
  GET: handler("get /api/auth/sso/start", async ({ request, query, client }) => {
    // A start another site navigated to would sign this browser in wherever that site chose (its
    // own organization's IdP): only a navigation from our own pages, or a typed address, goes on;
    // anything else lands on the /sso page, which asks for a click first.
    const site = request.headers.get("sec-fetch-site");
    if (site && site !== "same-origin" && site !== "none") return seeOther(`/sso?${ssoStartQueryString(query)}`);
    const binding = browserBinding(request);
    try {
      return seeOther((await ssoStartUrl(startInputOfQuery(query), client, binding.hash)).url, binding.cookie);
    } catch (error) {
      if (error instanceof ApiError) return seeOther(`/login?error=${encodeURIComponent(error.code)}`);
      throw error;
    }
  }),
});
