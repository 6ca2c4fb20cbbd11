// Runs the SAML identity provider stand-in as its own process (Playwright's webServer starts it
// for e2e); scripts/lib/saml-idp-standin.ts says what it answers.
import { startSamlIdpStandIn } from "./lib/saml-idp-standin";

const port = Number(process.env.SAML_IDP_STANDIN_PORT ?? 4040);
const standIn = await startSamlIdpStandIn(port);
console.log(`SAML identity provider stand-in on ${standIn.url} (entity id ${standIn.entityId}, metadata ${standIn.metadataUrl})`);
process.on("SIGTERM", () => void standIn.close().then(() => process.exit(0)));
process.on("SIGINT", () => void standIn.close().then(() => process.exit(0)));
