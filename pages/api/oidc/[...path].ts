import type { NextApiRequest, NextApiResponse } from "next";
import { generateKeyPairSync } from "node:crypto";
import Provider from "oidc-provider";

export const config = { api: { bodyParser: false, externalResolver: true } };

let provider: Provider | undefined;
function get() {
  if (!provider) {
    const key = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" });
    provider = new Provider("http://localhost:31690", {
      clients: [{ client_id: "spike", client_secret: "s", redirect_uris: ["https://rp.example/cb"] }],
      jwks: { keys: [{ ...key, kid: "k1", alg: "ES256", use: "sig" }] as never },
      routes: { authorization: "/api/oidc/auth", token: "/api/oidc/token", userinfo: "/api/oidc/me", jwks: "/.well-known/jwks.json" },
    });
    provider.proxy = true;
  }
  return provider;
}

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  const path = ([] as string[]).concat(req.query.path ?? []).join("/");
  req.url = path === "discovery" ? "/.well-known/openid-configuration" : `/api/oidc/${path}`;
  return get().callback()(req, res);
}
