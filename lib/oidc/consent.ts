import "server-only";
import { db } from "@/lib/db/client";
import { oidcPayload } from "@/lib/db/statements/oidc";
import { wordsOf } from "./params";

// What the consent page shows (the decision is remembered by lib/oauth/consents.ts). The page reads the pending
// interaction from the provider's storage (an App Router page has no Node request for the
// library's own interactionDetails); it answers only for the person the interaction signed in.

type Interaction = {
  params?: { client_id?: string; scope?: string };
  session?: { accountId?: string };
  lastSubmission?: { login?: { accountId?: string } };
};

export const SCOPE_DESCRIPTIONS: Record<string, string> = {
  openid: "Sign you in with your account",
  profile: "See your name",
  email: "See your email address",
  offline_access: "Stay signed in when you are away",
  organization: "See your active organization and your role in it",
};

export interface ConsentRequest {
  uid: string;
  clientId: string;
  clientName: string;
  scopes: string[];
}

/** The interaction waiting for this person's consent, or null (expired, unknown, someone else's). */
export async function consentRequest(uid: string, userId: string): Promise<ConsentRequest | null> {
  if (!/^[\w-]{1,100}$/.test(uid)) return null;
  const row = await oidcPayload("Interaction", uid);
  const interaction = row?.payload as Interaction | undefined;
  const accountId = interaction?.lastSubmission?.login?.accountId ?? interaction?.session?.accountId;
  if (!interaction || accountId !== userId || !interaction.params?.client_id) return null;
  const client = await db().oAuthClient.findUnique({
    where: { id: interaction.params.client_id },
    select: { id: true, name: true, scopes: true },
  });
  if (!client) return null;
  const asked = wordsOf(interaction.params.scope).filter((scope) => client.scopes.includes(scope));
  return { uid, clientId: client.id, clientName: client.name, scopes: asked };
}
