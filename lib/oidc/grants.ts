import "server-only";
import type Provider from "oidc-provider";
import type { KoaContextWithOIDC } from "oidc-provider";
import { bindOidcGrantToSession, oidcGrantSessionId } from "@/lib/db/statements/oidc";
import { consentCovers } from "@/lib/oauth/consents";
import { liveOf } from "./browser-session";
import { hasWord, wordsOf } from "./params";

// Grants: what a person allowed a client, as oidc-provider keeps it. Ours are bound to the browser
// session they were made in (what they issue lives only as long as it: 0 s revocation), so a new
// browser session gets a new grant. A first-party client, or one the person already allowed every
// requested scope (lib/oauth/consents.ts) and that did not ask prompt=consent, gets its grant
// without a consent screen, here, so prompt=none works for it too.

export const isFirstParty = (client: unknown) => Boolean((client as Record<string, unknown> | undefined)?.["urn:keystone:first_party"]);

/** A new grant of `scopes` (and claims) for the person and client, bound to our browser session. */
export async function saveBoundGrant(
  provider: Provider,
  input: { grantId?: string; accountId: string; clientId: string; sessionId: string; scopes?: string[]; claims?: string[] },
): Promise<string> {
  const grant =
    (input.grantId ? await provider.Grant.find(input.grantId) : undefined) ??
    new provider.Grant({ accountId: input.accountId, clientId: input.clientId });
  if (input.scopes?.length) grant.addOIDCScope(input.scopes.join(" "));
  if (input.claims?.length) grant.addOIDCClaims(input.claims);
  const grantId = await grant.save();
  await bindOidcGrantToSession(grantId, input.sessionId);
  return grantId;
}

/**
 * oidc-provider's loadExistingGrant. Only a grant bound to this browser session is used again: one
 * made in an earlier session of the same person (still live after a fresh sign-in, say) would
 * issue tokens that outlive this session's sign-out. Otherwise a new grant is made here when no
 * consent is due (first-party, or allowed before), and the consent prompt runs when one is.
 */
export async function loadExistingGrant(ctx: KoaContextWithOIDC) {
  const { provider, client } = ctx.oidc;
  const session = ctx.oidc.session!;
  const live = await liveOf(ctx);
  if (!live || live.userId !== session.accountId) return undefined;
  const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client!.clientId);
  const bound = grantId && (await oidcGrantSessionId(grantId)) === live.sessionId;
  const existing = bound ? await provider.Grant.find(grantId) : undefined;
  const scopes = wordsOf(ctx.oidc.params?.scope);
  const granted = new Set(wordsOf(existing?.getOIDCScope()));
  if (existing && scopes.every((scope) => granted.has(scope))) return existing;
  const promptConsent = hasWord(ctx.oidc.params?.prompt, "consent");
  const automatic = isFirstParty(client) || (!promptConsent && (await consentCovers(live.userId, client!.clientId, scopes)));
  if (!automatic) return existing;
  const saved = await saveBoundGrant(provider, {
    grantId: existing?.jti,
    accountId: live.userId,
    clientId: client!.clientId,
    sessionId: live.sessionId,
    scopes,
  });
  return provider.Grant.find(saved);
}
