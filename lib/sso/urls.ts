import { config } from "@/lib/config/env";

// Where the IdP finds this app for one connection: the SAML service provider's entity id is its
// metadata URL (unique per connection, so two organizations' connections to one IdP stay apart).

export const spMetadataUrl = (connectionId: string) => `${config().appUrl}/api/auth/sso/saml/${connectionId}/metadata`;
export const spEntityId = spMetadataUrl;
export const acsUrl = (connectionId: string) => `${config().appUrl}/api/auth/sso/saml/${connectionId}/acs`;
export const oidcRedirectUri = (connectionId: string) => `${config().appUrl}/api/auth/sso/oidc/${connectionId}/callback`;
