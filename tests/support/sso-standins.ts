// The SSO stand-ins of the integration suite, started by its global setup beside the database
// and the mail stand-in: a SAML identity provider, an OpenID Connect identity provider and a DNS
// server for domain verification (scripts/lib/{saml-idp,oidc-idp,dns}-standin.ts). Ports are
// configurable (TEST_SAML_IDP_PORT, TEST_OIDC_PORT, TEST_DNS_PORT, TEST_DNS_CONTROL_PORT; the
// first free one from there upwards is taken) and `offset` keeps a second project's apart.
// Tests reach them through the environment this returns (tests/support/sso.ts, dns.ts).
import { freePort } from "../../scripts/lib/embedded-postgres";
import { freeDnsPort, startDnsStandIn } from "../../scripts/lib/dns-standin";
import { startOidcIdpStandIn } from "../../scripts/lib/oidc-idp-standin";
import { startSamlIdpStandIn } from "../../scripts/lib/saml-idp-standin";

export const SSO_STANDIN_DEFAULT_PORTS = { saml: 57500, oidc: 57600, dns: 57700, dnsControl: 57800 } as const;

export async function startSsoStandIns(options: { offset: number }) {
  const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback) + options.offset;
  const saml = await startSamlIdpStandIn(await freePort(port("TEST_SAML_IDP_PORT", SSO_STANDIN_DEFAULT_PORTS.saml)));
  const oidc = await startOidcIdpStandIn(await freePort(port("TEST_OIDC_PORT", SSO_STANDIN_DEFAULT_PORTS.oidc)));
  const dns = await startDnsStandIn({
    port: await freeDnsPort(port("TEST_DNS_PORT", SSO_STANDIN_DEFAULT_PORTS.dns)),
    controlPort: await freePort(port("TEST_DNS_CONTROL_PORT", SSO_STANDIN_DEFAULT_PORTS.dnsControl)),
  });
  return {
    env: {
      SAML_IDP_URL: saml.url,
      OIDC_IDP_URL: oidc.url,
      OIDC_ISSUER: oidc.issuer,
      // The app's resolver for domain verification (comma-separated host:port).
      DNS_SERVERS: dns.server,
      DNS_CONTROL_URL: dns.controlUrl,
    },
    close: async () => {
      await Promise.all([saml.close(), oidc.close(), dns.close()]);
    },
  };
}
