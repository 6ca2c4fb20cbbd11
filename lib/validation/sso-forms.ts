import * as z from "zod";
import { checkboxSchema, currentPasswordSchema, idSchema } from "./common";
import { addDomainSchema, ssoRoleSchema } from "./sso";

// The organization's Single sign-on page (app/(app)/organizations/[orgId]/sso): its forms post
// plain HTML fields (no JavaScript needed), read here into what the API's own schemas in
// ./sso.ts take; the actions then parse those too, so no rule of the API is written twice. The
// password is asked in the same form while the step-up window is closed (lib/mfa/form-step-up.ts).

/** A blank text field means "not given". */
const blank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalText = (max: number, message: string) => z.preprocess(blank, z.string().max(max, message).optional());
const password = z.preprocess(blank, currentPasswordSchema.optional());
const role = z.enum(ssoRoleSchema.options, { error: "Choose member or admin." });

export const addDomainFormSchema = addDomainSchema;
export const domainFormSchema = z.object({ id: idSchema });

const connectionCommon = {
  defaultRole: role,
  idpEnforcesMfa: checkboxSchema,
  password,
};

/**
 * A SAML connection: the IdP's metadata pasted (or read from a file into the same field), or,
 * when that is left empty, its entity id, single sign-on URL and signing certificate by hand.
 */
export const samlConnectionFormSchema = z
  .object({
    idpMetadataXml: optionalText(262_144, "The metadata is larger than 256 KB."),
    idpEntityId: optionalText(1024, "Use at most 1024 characters."),
    idpSsoUrl: optionalText(2048, "Use at most 2048 characters."),
    idpCertificate: optionalText(16_384, "That is too long for a certificate."),
    ...connectionCommon,
  })
  .superRefine((value, ctx) => {
    if (value.idpMetadataXml) return;
    const byHand = [value.idpEntityId, value.idpSsoUrl, value.idpCertificate];
    if (byHand.every((v) => v === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["idpMetadataXml"],
        message: "Paste your identity provider's metadata, or enter its entity id, SSO URL and certificate below.",
      });
      return;
    }
    if (!value.idpEntityId) ctx.addIssue({ code: "custom", path: ["idpEntityId"], message: "Enter the identity provider's entity id." });
    if (!value.idpSsoUrl) ctx.addIssue({ code: "custom", path: ["idpSsoUrl"], message: "Enter the identity provider's SSO URL." });
    if (!value.idpCertificate)
      ctx.addIssue({ code: "custom", path: ["idpCertificate"], message: "Paste the identity provider's signing certificate." });
  });
export type SamlConnectionFormInput = z.infer<typeof samlConnectionFormSchema>;

/** An OpenID Connect connection: the issuer, and the client the owner registered there. */
export const oidcConnectionFormSchema = z.object({
  issuer: z.string({ error: "Enter the issuer URL." }).trim().min(1, "Enter the issuer URL."),
  clientId: z.string({ error: "Enter the client id." }).trim().min(1, "Enter the client id."),
  clientSecret: z.string({ error: "Enter the client secret." }).min(1, "Enter the client secret."),
  ...connectionCommon,
});
export type OidcConnectionFormInput = z.infer<typeof oidcConnectionFormSchema>;

/** A connection's settings: the default role and whether the IdP asks for a second factor. */
export const connectionSettingsFormSchema = z.object({ id: idSchema, ...connectionCommon });

/**
 * The enforcement switch, in two steps: the first (no `confirmed`) only answers what is about to
 * happen; the second does it, with the password while the step-up window is closed.
 */
export const connectionEnforcementFormSchema = z.object({
  id: idSchema,
  enforced: z.enum(["on", "off"], { error: "Choose on or off." }).transform((v) => v === "on"),
  confirmed: z.enum(["yes"]).optional(),
  password,
});

export const deleteConnectionFormSchema = z.object({ id: idSchema, password });
