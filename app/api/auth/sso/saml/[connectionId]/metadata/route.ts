import { connectionForSignIn } from "@/lib/db/statements/sso";
import { notFound } from "@/lib/http/errors";
import { handler, methods } from "@/lib/http/route";
import { isPlausibleRef } from "@/lib/organizations/context";
import { serviceProviderMetadata } from "@/lib/sso/saml";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/auth/sso/saml/{connectionId}/metadata", async ({ params }) => {
    const connection = isPlausibleRef(params.connectionId) ? await connectionForSignIn(params.connectionId) : undefined;
    if (!connection || connection.type !== "saml") throw notFound("No such SAML connection.");
    return new Response(serviceProviderMetadata(connection), {
      headers: { "content-type": "application/samlmetadata+xml; charset=utf-8", "cache-control": "public, max-age=300" },
    });
  }),
});
