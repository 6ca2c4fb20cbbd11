import { ApiError } from "@/lib/http/errors";
import { handler, methods } from "@/lib/http/route";
import { requestBindingHash } from "@/lib/sso/browser-binding";
import { refusalAnswer, signedInAnswer } from "@/lib/sso/browser-answer";
import { MAX_SAML_RESPONSE_BYTES } from "@/lib/sso/saml";
import { completeSamlSignIn } from "@/lib/sso/sign-in";

// The IdP's HTTP-POST binding: an HTML form the browser posts from the IdP's site.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/auth/sso/saml/{connectionId}/acs", { rawBody: true }, async ({ request, params, client }) => {
    try {
      const declared = Number(request.headers.get("content-length") ?? 0);
      if (declared > MAX_SAML_RESPONSE_BYTES + 16_384) throw new ApiError("payload_too_large", "The SAML response is too large.");
      const form = await request.formData().catch(() => null);
      const samlResponse = form?.get("SAMLResponse");
      if (typeof samlResponse !== "string" || !samlResponse) throw new ApiError("invalid_credentials", "No SAMLResponse was posted.");
      const { outcome, returnTo } = await completeSamlSignIn(params.connectionId, samlResponse, client, requestBindingHash(request));
      return await signedInAnswer(outcome, returnTo);
    } catch (error) {
      const browser = refusalAnswer(request, error);
      if (browser) return browser;
      throw error;
    }
  }),
});
