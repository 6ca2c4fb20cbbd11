"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { orgAction } from "@/lib/actions/safe-action";
import { isFormAnswer, stepUpFromForm } from "@/lib/mfa/form-step-up";
import { createConnection, deleteConnection, updateConnection } from "@/lib/sso/connections";
import { addDomain, removeDomain, verifyDomain } from "@/lib/sso/domains";
import { oidcConnectionSchema, samlByFieldsSchema, samlByMetadataSchema } from "@/lib/validation/sso";
import {
  addDomainFormSchema,
  connectionEnforcementFormSchema,
  connectionSettingsFormSchema,
  deleteConnectionFormSchema,
  domainFormSchema,
  oidcConnectionFormSchema,
  samlConnectionFormSchema,
} from "@/lib/validation/sso-forms";

// The Single sign-on page's actions: the same use cases as /api/organizations/{orgId}/domains/**
// and /sso-connections/**, which check the owner (or, to read, the admin) and the step-up window
// next to the data. The page lets admins in to read, so the actions ask only organization:update
// here and leave "owners only" to lib/sso. Each is bound to the organization by the server page
// (webhooks/[id]/endpoint-forms.tsx says why), and each answer renders the page again, so a list
// or a status changes at once, with JavaScript or without.

const MANAGE = { resource: "organization", action: "update" } as const;
const pagePath = (orgId: string) => `/organizations/${orgId}/sso`;
const refreshPage = (orgId: string) => revalidatePath(pagePath(orgId));

/** What the enforcement form answers: the review step, or done. */
export type EnforcementStep = { step: "confirm"; enforced: boolean } | { step: "done"; enforced: boolean };

export const addDomainAction = orgAction(MANAGE, addDomainFormSchema, async ({ domain }, { principal, access, client }) => {
  const added = await addDomain(principal, { orgId: access.organization.id }, domain, client);
  refreshPage(access.organization.id);
  return {
    ok: true as const,
    data: { id: added.id },
    message: `${added.domain} added. Publish its TXT record (below) at your DNS provider, then verify it.`,
  };
});

export const verifyDomainAction = orgAction(MANAGE, domainFormSchema, async ({ id }, { principal, access, client }) => {
  const verified = await verifyDomain(principal, { orgId: access.organization.id }, id, client);
  refreshPage(access.organization.id);
  return {
    ok: true as const,
    data: null,
    message: `${verified.domain} is verified: addresses there can sign in through your identity provider. You may remove the TXT record.`,
  };
});

export const removeDomainAction = orgAction(MANAGE, domainFormSchema, async ({ id }, { principal, access, client }) => {
  await removeDomain(principal, { orgId: access.organization.id }, id, client);
  refreshPage(access.organization.id);
  redirect(`${pagePath(access.organization.id)}?notice=domain-removed`);
});

export const createSamlConnectionAction = orgAction<typeof samlConnectionFormSchema, never>(
  MANAGE,
  samlConnectionFormSchema,
  async (input, { principal, access, client }) => {
    const { password, idpMetadataXml, idpEntityId, idpSsoUrl, idpCertificate, ...common } = input;
    // The API's own schemas, before the password is checked: a typo is told first.
    const connection = idpMetadataXml
      ? samlByMetadataSchema.parse({ type: "saml", idpMetadataXml, ...common })
      : samlByFieldsSchema.parse({ type: "saml", idpEntityId, idpSsoUrl, idpCertificate, ...common });
    const actor = await stepUpFromForm(principal, password);
    if (isFormAnswer(actor)) return actor;
    const created = await createConnection(actor, { orgId: access.organization.id }, connection, client);
    refreshPage(access.organization.id);
    // The page shows the new connection with what to give the IdP.
    redirect(`${pagePath(access.organization.id)}?created=${created.id}#connection-${created.id}`);
  },
);

export const createOidcConnectionAction = orgAction<typeof oidcConnectionFormSchema, never>(
  MANAGE,
  oidcConnectionFormSchema,
  async (input, { principal, access, client }) => {
    const { password, ...fields } = input;
    const connection = oidcConnectionSchema.parse({ type: "oidc", ...fields });
    const actor = await stepUpFromForm(principal, password);
    if (isFormAnswer(actor)) return actor;
    const created = await createConnection(actor, { orgId: access.organization.id }, connection, client);
    refreshPage(access.organization.id);
    redirect(`${pagePath(access.organization.id)}?created=${created.id}#connection-${created.id}`);
  },
);

export const updateConnectionSettingsAction = orgAction<typeof connectionSettingsFormSchema, null>(
  MANAGE,
  connectionSettingsFormSchema,
  async ({ id, password, defaultRole, idpEnforcesMfa }, { principal, access, client }) => {
    const actor = await stepUpFromForm(principal, password);
    if (isFormAnswer(actor)) return actor;
    await updateConnection(actor, { orgId: access.organization.id }, id, { defaultRole, idpEnforcesMfa }, client);
    refreshPage(access.organization.id);
    return { ok: true as const, data: null, message: "Connection settings saved." };
  },
);

export const setConnectionEnforcedAction = orgAction<typeof connectionEnforcementFormSchema, EnforcementStep>(
  MANAGE,
  connectionEnforcementFormSchema,
  async ({ id, enforced, confirmed, password }, { principal, access, client }) => {
    // The first submission changes nothing: it asks for the confirmation.
    if (!confirmed) return { ok: true as const, data: { step: "confirm" as const, enforced } };
    const actor = await stepUpFromForm(principal, password);
    if (isFormAnswer(actor)) return actor;
    const updated = await updateConnection(actor, { orgId: access.organization.id }, id, { enforced }, client);
    refreshPage(access.organization.id);
    return {
      ok: true as const,
      data: { step: "done" as const, enforced: updated.enforced },
      message: updated.enforced
        ? "Single sign-on is enforced: people at your verified domains now sign in through your identity provider only."
        : "Single sign-on is no longer enforced: people at your verified domains may sign in with a password again.",
    };
  },
);

export const deleteConnectionAction = orgAction<typeof deleteConnectionFormSchema, never>(
  MANAGE,
  deleteConnectionFormSchema,
  async ({ id, password }, { principal, access, client }) => {
    const actor = await stepUpFromForm(principal, password);
    if (isFormAnswer(actor)) return actor;
    await deleteConnection(actor, { orgId: access.organization.id }, id, client);
    refreshPage(access.organization.id);
    redirect(`${pagePath(access.organization.id)}?notice=connection-deleted`);
  },
);
