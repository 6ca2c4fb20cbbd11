// Runs the OpenID Connect identity provider stand-in as its own process (Playwright's webServer
// starts it for e2e); scripts/lib/oidc-idp-standin.ts says what it answers. Clients are
// registered at run time (POST /clients) or, here, from OIDC_IDP_CLIENTS: a JSON array of
// { id, secret, redirectUris }.
import { startOidcIdpStandIn, type OidcClient } from "./lib/oidc-idp-standin";

const port = Number(process.env.OIDC_IDP_STANDIN_PORT ?? 4050);
const clients = JSON.parse(process.env.OIDC_IDP_CLIENTS ?? "[]") as OidcClient[];
const standIn = await startOidcIdpStandIn(port, { clients });
console.log(`OpenID Connect identity provider stand-in on ${standIn.url} (issuer ${standIn.issuer})`);
process.on("SIGTERM", () => void standIn.close().then(() => process.exit(0)));
process.on("SIGINT", () => void standIn.close().then(() => process.exit(0)));
