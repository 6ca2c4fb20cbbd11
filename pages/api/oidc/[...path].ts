import type { NextApiRequest, NextApiResponse } from "next";
import { pinToAppUrl } from "@/lib/oidc/browser-session";
import { oidcRequestHandler } from "@/lib/oidc/provider";

// The OpenID Provider's endpoints (lib/oidc/provider.ts) on the Node request and response
// oidc-provider needs: a Pages Router API route, which runs the same on our launcher and on
// Vercel. The body is left unread (the provider parses it); the path is the catch-all's, put
// back as the URL the provider routes on (discovery arrives here through a rewrite).
export const config = { api: { bodyParser: false, externalResolver: true } };

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const path = ([] as string[]).concat(req.query.path ?? []).join("/");
  const query = req.url?.includes("?") ? req.url.slice(req.url.indexOf("?")) : "";
  req.url = path === "discovery" ? `/.well-known/openid-configuration${query}` : `/api/oidc/${path}${query}`;
  pinToAppUrl(req);
  const handle = await oidcRequestHandler();
  return handle(req, res);
}
